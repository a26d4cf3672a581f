"""API tokens as the admin shows them: their holder and term, never the key."""

from knox.models import AuthToken


class APIToken(AuthToken):
    """An API token (django-rest-knox's row: a digest, the holder, the expiry)."""

    class Meta:
        proxy = True
        verbose_name = "API token"
        ordering = ["-created", "digest"]

    def __str__(self):
        return f"{self.user}'s token of {self.created:%Y-%m-%d %H:%M}"
