"""What readers see of an issued version's sections, rendered once: a version never
changes, so neither does its HTML. Derived data, kept beside the frozen snapshot (which
stays the record): rows are written when a version is issued, or the first time a
version issued before them is read."""

from django.db import models

from .drafting import Version


class SectionHtml(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="section_html")
    key = models.SlugField(max_length=60)
    html = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("version", "key"), name="section_html_unique")
        ]
        verbose_name = "section's HTML"
        verbose_name_plural = "sections' HTML"

    def __str__(self) -> str:
        return f"HTML of {self.key} in version {self.version_id}"
