"""A Django app: related_name, a through model with data, an auto-created one, on_delete=CASCADE and SET_NULL."""
from django.db import models


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
