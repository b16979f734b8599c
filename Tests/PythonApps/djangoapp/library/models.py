"""A Django app: related_name, a through model with data, an auto-created one, on_delete=CASCADE and SET_NULL;
a OneToOneField, multi-table inheritance (Bookshop(Venue): venue_ptr), a GenericRelation, and the fields
whose DDL type differs per backend (UUIDField, JSONField, DecimalField, DateTimeField); Meta.constraints and
indexes on expressions or with a condition, and a key with db_constraint=False (Ticket); on_delete SET_DEFAULT
and SET() of constants (Loan), and SET_DEFAULT of a callable default (Hold)."""
import uuid

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower


class Author(models.Model):
    name = models.CharField(max_length=100)

    class Meta:
        app_label = "library"
        db_table = "library_author"


class Tag(models.Model):
    label = models.CharField(max_length=40, unique=True)

    class Meta:
        app_label = "library"


class Genre(models.Model):
    name = models.CharField(max_length=40)

    class Meta:
        app_label = "library"


class Book(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, related_name="books", on_delete=models.CASCADE)
    editor = models.ForeignKey(Author, related_name="edited", null=True, on_delete=models.SET_NULL)
    tags = models.ManyToManyField(Tag, through="Tagging", related_name="books")
    genres = models.ManyToManyField(Genre, related_name="books")  # through library_book_genres, made by Django

    class Meta:
        app_label = "library"


class Tagging(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)
    weight = models.IntegerField(default=1)

    class Meta:
        app_label = "library"
        unique_together = [("book", "tag")]
        ordering = ["-weight", "id"]  # what Book.tagging_set lists first (the models file's order_by)


class Profile(models.Model):
    author = models.OneToOneField(Author, related_name="profile", on_delete=models.CASCADE)
    uid = models.UUIDField(default=uuid.uuid4, unique=True)
    settings = models.JSONField(default=dict)
    fee = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    joined = models.DateTimeField(null=True)

    class Meta:
        app_label = "library"


class Review(models.Model):
    text = models.CharField(max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveIntegerField()
    subject = GenericForeignKey("content_type", "object_id")

    class Meta:
        app_label = "library"


class Venue(models.Model):
    name = models.CharField(max_length=80)
    reviews = GenericRelation(Review)

    class Meta:
        app_label = "library"


class Bookshop(Venue):
    sells_used = models.BooleanField(default=False)
    reviews_of_shop = GenericRelation(Review, related_query_name="bookshop")

    class Meta:
        app_label = "library"


class Ticket(models.Model):
    code = models.CharField(max_length=20)
    owner = models.CharField(max_length=40)
    active = models.BooleanField(default=True)
    holder = models.ForeignKey(Author, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    class Meta:
        app_label = "library"
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=models.Q(active=True), name="uq_active_code"),
            models.UniqueConstraint(Lower("owner"), name="uq_owner_ci"),
        ]
        indexes = [models.Index(Lower("code"), name="ix_ticket_lower_code"),
                   models.Index(fields=["owner"], condition=models.Q(active=True), name="ix_ticket_active_owner")]


class Shelf(models.Model):
    name = models.CharField(max_length=40)

    class Meta:
        app_label = "library"


class Loan(models.Model):
    """The constants Django's collector writes: the field's default (SET_DEFAULT) and SET's argument."""
    shelf = models.ForeignKey(Shelf, related_name="loans", default=1, on_delete=models.SET_DEFAULT)
    returned_to = models.ForeignKey(Shelf, related_name="returns", null=True, on_delete=models.SET(1))
    label = models.CharField(max_length=40)

    class Meta:
        app_label = "library"


class Room(models.Model):
    name = models.CharField(max_length=40)

    class Meta:
        app_label = "library"


def first_room():
    return Room.objects.order_by("pk").values_list("pk", flat=True).first()


class Hold(models.Model):
    """SET_DEFAULT of a callable default: the application's to apply (ormscope does not follow it)."""
    room = models.ForeignKey(Room, related_name="holds", default=first_room, on_delete=models.SET_DEFAULT)

    class Meta:
        app_label = "library"


class Account(models.Model):
    """Partial indexes and indexes on expressions, for the index drift tests."""
    email = models.CharField(max_length=80)
    status = models.CharField(max_length=20)
    archived = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True)

    class Meta:
        app_label = "library"
        constraints = [models.UniqueConstraint(Lower("email"), name="uq_account_email_ci"),
                       models.UniqueConstraint(fields=["email"], condition=models.Q(deleted_at__isnull=True), name="uq_account_live_email")]
        indexes = [models.Index(fields=["email"], condition=models.Q(deleted_at__isnull=True), name="ix_account_live"),
                   models.Index(fields=["status"], condition=models.Q(status="active"), name="ix_account_active"),
                   models.Index(fields=["email"], condition=models.Q(archived=False), name="ix_account_unarchived"),
                   models.Index(fields=["status"], condition=models.Q(deleted_at__isnull=True, archived=False), name="ix_account_open"),
                   models.Index(fields=["email"], condition=models.Q(status__in=["a", "b"]), name="ix_account_in"),
                   # LIKE 'a%' ESCAPE '\' on SQLite, "status"::text LIKE 'a%' on PostgreSQL: each backend's text.
                   models.Index(fields=["email"], condition=models.Q(status__startswith="a"), name="ix_account_a"),
                   models.Index(Lower("email"), "status", name="ix_account_email_status")]


from .members import Badge, LegacyScore, Member, Moderation  # noqa: E402,F401 (relations Django hides; an unmanaged model)
