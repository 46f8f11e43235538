"""Catalog items, their event log, catalog role grants, entered counts, search grams.

`status`, `published_on` and `repealed_on`/`is_valid` of an item are set only by the
services in `services.py`, through `gongkai.proactive.next_status`, each change with one
`CatalogEvent`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.proactive import CatalogAction, CatalogRole, Category, ItemStatus, Measure
from gongkai_web.agencies.models import Agency
from gongkai_web.audit.models import AppendOnlyModel

IMPORT = "import"  # an event of the log that is not a workflow action: loaded records


def _choices(
    enum: type[ItemStatus] | type[CatalogRole] | type[Measure],
) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]


CATEGORY_CHOICES = [(c.value, c.label) for c in Category]
EVENT_CHOICES = [(a.value, a.label) for a in CatalogAction] + [(IMPORT, "导入")]


class CatalogItem(models.Model):
    """One entry of the 政府信息公开目录 (条例第十二条: index, name, summary, date)."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="catalog_items",
    )
    index_no = models.CharField(_("索引号"), max_length=100)
    title = models.CharField(_("标题"), max_length=300)
    summary = models.TextField(_("内容概述"), blank=True)
    body = models.TextField(_("正文"), blank=True)
    document_no = models.CharField(_("文号"), max_length=100, blank=True)
    category = models.CharField(_("类别"), max_length=24, choices=CATEGORY_CHOICES)
    issuing_body = models.CharField(_("发布机构"), max_length=200)
    made_on = models.DateField(_("成文日期"))
    formed_or_changed_on = models.DateField(
        _("形成或变更日期"), help_text=_("条例第二十六条的20个工作日从此日起算")
    )
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    is_valid = models.BooleanField(_("有效"), default=True)
    status = models.CharField(_("状态"), max_length=24, choices=_choices(ItemStatus))
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(
        _("创建时间"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-made_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "index_no"], name="catalog_unique_index"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "status"], name="catalog_agency_status")
        ]
        verbose_name = _("目录条目")
        verbose_name_plural = _("目录条目")

    def __str__(self) -> str:
        return f"{self.index_no} {self.title}"

    @property
    def status_enum(self) -> ItemStatus:
        return ItemStatus(self.status)

    @property
    def category_enum(self) -> Category:
        return Category(self.category)

    @property
    def is_public(self) -> bool:
        """Shown on the portal: published, or published once and repealed since."""
        return self.status in (ItemStatus.PUBLISHED, ItemStatus.REPEALED)


class CatalogEvent(AppendOnlyModel):
    """One step of an item's review workflow, recorded once and never changed."""

    item = models.ForeignKey(
        CatalogItem,
        verbose_name=_("目录条目"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    action = models.CharField(_("操作"), max_length=24, choices=EVENT_CHOICES)
    on = models.DateField(_("日期"))
    old_status = models.CharField(
        _("原状态"), max_length=24, choices=_choices(ItemStatus), blank=True, default=""
    )
    new_status = models.CharField(
        _("新状态"), max_length=24, choices=_choices(ItemStatus)
    )
    role = models.CharField(
        _("岗位"), max_length=32, choices=_choices(CatalogRole), blank=True, default=""
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("记录时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["item", "at", "id"]
        verbose_name = _("目录条目办理记录")
        verbose_name_plural = _("目录条目办理记录")

    def __str__(self) -> str:
        return f"{self.item_id} {self.action} {self.on}"


class CatalogRoleGrant(models.Model):
    """A catalog role given to a user in an agency beyond what the agency roles imply.

    The agency roles (`agencies.Role`) have no 保密审查员 (条例第十七条), so that role,
    and any other catalog role, is granted here by the agency administrator.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="catalog_roles",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="catalog_roles",
    )
    role = models.CharField(_("目录岗位"), max_length=32, choices=_choices(CatalogRole))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("授权人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("授权时间"), default=timezone.now)

    class Meta:
        ordering = ["agency", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="catalog_role_unique"
            )
        ]
        verbose_name = _("目录岗位授权")
        verbose_name_plural = _("目录岗位授权")

    def __str__(self) -> str:
        return f"{self.user} · {self.agency_id} · {self.role}"


class CategoryCount(models.Model):
    """A yearly figure from another business system (licensing, penalties, fees…)."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="category_counts",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("类别"), max_length=24, choices=CATEGORY_CHOICES)
    measure = models.CharField(_("数据项"), max_length=24, choices=_choices(Measure))
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=6)
    unit = models.CharField(_("单位"), max_length=8, blank=True)
    source = models.CharField(_("数据来源"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        ordering = ["agency", "-year", "category", "measure", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "category", "measure", "source"],
                name="category_count_unique",
            )
        ]
        verbose_name = _("其他系统数据")
        verbose_name_plural = _("其他系统数据")

    def __str__(self) -> str:
        return (
            f"{self.agency_id} {self.year} {self.category}/{self.measure} {self.value}"
        )


class SearchGram(models.Model):
    """One character bigram of a catalog item's searchable text (see docs/portal.md)."""

    item = models.ForeignKey(
        CatalogItem, on_delete=models.CASCADE, related_name="grams"
    )
    gram = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gram", "item"], name="search_gram_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.gram}"
