"""Members (imported by models.py): the relations Django hides and the tables it does not manage.

- Member.friends, a symmetrical many-to-many to itself: each friendship is two rows of
  library_member_friends (ann→bob and bob→ann), whose reverse side Django hides (friends_rel_+); its
  collector deletes a member's rows by either column.
- Member.replaced_by (SET_NULL) and Badge.member (CASCADE), with related_name='+': no accessor, and
  their on_delete applies all the same.
- Moderation.moderator, on_delete=SET(a callable): a value only the application can compute.
- LegacyScore, managed = False: the application maps legacy_score, which its migrations do not make
  (dj_app.py makes it by hand, as such tables are made).
"""
from django.db import models


def nobody():
    return None


class Member(models.Model):
    handle = models.CharField(max_length=30)
    friends = models.ManyToManyField("self", symmetrical=True, blank=True)
    replaced_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        app_label = "library"


class Badge(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=30)

    class Meta:
        app_label = "library"


class Moderation(models.Model):
    moderator = models.ForeignKey(Member, on_delete=models.SET(nobody), null=True, related_name="moderated")

    class Meta:
        app_label = "library"


class LegacyScore(models.Model):
    member = models.ForeignKey(Member, on_delete=models.DO_NOTHING, db_constraint=False, related_name="legacy_scores")
    points = models.IntegerField()

    class Meta:
        app_label = "library"
        managed = False
        db_table = "legacy_score"
