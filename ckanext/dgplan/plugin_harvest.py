"""Harvesting between GD Catalog portals (issue 20): the ``dgplan_harvest`` plugin.

Loaded with ckanext-harvest's ``harvest`` plugin (and ckanext-dcat's ``dcat_rdf_harvester``). It adds:

* the ``dgplan_ckan`` harvester: ckanext-harvest's CKAN harvester that asks the source portal only
  for the datasets whose ``allow_harvest`` is yes ("ยินยอมให้นำชื่อชุดข้อมูลไปใช้ที่ GD-Catalog"), skips
  any other that a source still sends, and deletes from the copy what left the source (deleted, made
  private, or no longer allowed) on the next run; ckanext-harvest's own CKAN harvester never deletes;
* on the agency portal, the DCAT catalogue (``/catalog.{ttl,jsonld,rdf}``, ckanext-dcat's
  ``dcat_catalog_show`` and ``dcat_catalog_search``) lists only the datasets allowed for harvest
  (private ones never appear there: ckanext-dcat searches public datasets only);
* for the DCAT RDF harvester, a parsed dataset that is not allowed for harvest is not created.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Optional
from urllib.parse import urlencode

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.dcat.interfaces import IDCATRDFHarvester
from ckanext.dcat.processors import RDFParser, RDFParserException
from ckanext.harvest.harvesters.ckanharvester import CKANHarvester, ContentFetchError
from ckanext.harvest.interfaces import IHarvester
from ckanext.harvest.model import HarvestGatherError, HarvestObject, HarvestObjectError, HarvestObjectExtra

log = logging.getLogger(__name__)

ALLOWED = "True"
# The Solr filter for datasets allowed for harvest (scheming fields are indexed under their own name).
ALLOWED_FQ = f"allow_harvest:{ALLOWED}"


def dgplan_allowed_fq(fq: Optional[str]) -> str:
    """A search filter narrowed to the datasets allowed for harvest."""
    return f"{fq} +{ALLOWED_FQ}" if fq else f"+{ALLOWED_FQ}"


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(up_func: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    """ckanext-dcat's catalogue, with only the datasets whose ``allow_harvest`` is yes."""
    return up_func(context, {**data_dict, "fq": dgplan_allowed_fq(data_dict.get("fq"))})


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_search(up_func: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    """ckanext-dcat's catalogue search, with only the datasets whose ``allow_harvest`` is yes."""
    return up_func(context, {**data_dict, "fq": dgplan_allowed_fq(data_dict.get("fq"))})


def _message(th: str, en: str) -> str:
    # Harvest job reports are read by the central catalogue's staff in either language.
    return f"{th} / {en}"


def _thai(message: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in message)


def dgplan_gather_message(detail: str) -> str:
    """A gather error of ckanext-harvest's code (English) with its Thai heading."""
    if _thai(detail) and " / " in detail:
        return detail
    return _message("รวบรวมรายการชุดข้อมูลจากแหล่งไม่สำเร็จ", f"Gathering from the source failed: {detail}")


def dgplan_import_message(detail: str) -> str:
    """An import error of ckanext-harvest's code with its Thai heading (dgplan's own field errors in it
    are already in Thai and English)."""
    if detail.startswith("ชุดข้อมูล") and " / " in detail:
        return detail
    return _message("นำเข้าชุดข้อมูลไม่สำเร็จ (ชุดข้อมูลเดิมไม่เปลี่ยน)",
                    f"The dataset could not be imported (any existing copy is unchanged): {detail}")


class DgplanHarvestPlugin(CKANHarvester):
    """The ``dgplan_ckan`` harvester, the DCAT catalogue's harvest filter and the DCAT harvester's check."""

    # A subclass does not inherit its parent's interface declarations: IHarvester is declared again.
    p.implements(IHarvester)
    p.implements(p.IActions)
    p.implements(IDCATRDFHarvester, inherit=True)

    def __new__(cls, *_args: Any, **_kwargs: Any) -> DgplanHarvestPlugin:
        # SingletonPlugin keeps its instance in a class attribute, which this subclass would inherit
        # from CKANHarvester: with ckan_harvester loaded first, this plugin would be that instance.
        if "_instance" not in cls.__dict__:
            setattr(cls, "_instance", object.__new__(cls))  # noqa: B010
        instance: DgplanHarvestPlugin = cls.__dict__["_instance"]
        return instance

    # ------------------------------------------------------------ IActions

    def get_actions(self) -> dict[str, Any]:
        return {"dcat_catalog_show": dcat_catalog_show, "dcat_catalog_search": dcat_catalog_search}

    # ------------------------------------------------------------ IHarvester

    def info(self) -> dict[str, str]:
        return {
            "name": "dgplan_ckan",
            "title": "GD Catalog (CKAN, allow_harvest)",
            "description": "ชุดข้อมูลที่ยินยอมให้นำไปใช้ที่ GD-Catalog จากพอร์ทัล CKAN อื่น / "
                           "Datasets allowed for harvest from another CKAN portal (deletions follow)",
        }

    def _search_for_datasets(self, remote_ckan_base_url: str, fq_terms: Optional[list[str]] = None) -> list[dict]:
        return super()._search_for_datasets(remote_ckan_base_url, list(fq_terms or []) + [f"+{ALLOWED_FQ}"])

    def _remote_ids(self, base_url: str) -> Optional[set[str]]:
        """Ids of every dataset the source allows for harvest now; None when it cannot be read."""
        ids: set[str] = set()
        start = 0
        while True:
            params = {"fq": f"+{ALLOWED_FQ}", "fl": "id", "rows": "1000", "start": str(start), "sort": "id asc"}
            url = base_url + self._get_search_api_offset() + "?" + urlencode(params)
            try:
                page = json.loads(self._get_content(url))["result"]["results"]
            except (ContentFetchError, ValueError, KeyError, TypeError) as err:
                log.warning("harvest: listing %s failed: %s", base_url, err)
                return None
            ids.update(r["id"] for r in page if isinstance(r, dict) and r.get("id"))
            if len(page) < 1000:
                return ids
            start += 1000

    def gather_stage(self, harvest_job: Any) -> Any:
        object_ids = super().gather_stage(harvest_job)
        self._set_config(harvest_job.source.config)
        remote = self._remote_ids(harvest_job.source.url.rstrip("/"))
        if remote is None:
            # Nothing is deleted when the source cannot be listed: a timeout is not a deletion.
            self._save_gather_error(_message(
                "อ่านรายการชุดข้อมูลจากแหล่งไม่ได้ จึงยังไม่ลบชุดข้อมูลใด",
                "The source's dataset list could not be read, so no dataset was deleted"), harvest_job)
            return object_ids
        current = model.Session.query(HarvestObject.guid, HarvestObject.package_id).filter(
            HarvestObject.current.is_(True), HarvestObject.harvest_source_id == harvest_job.source.id).all()
        deleted = []
        for guid, package_id in current:
            if guid in remote:
                continue
            obj = HarvestObject(guid=guid, job=harvest_job, package_id=package_id,
                                extras=[HarvestObjectExtra(key="status", value="delete")])
            obj.save()
            deleted.append(obj.id)
        return list(object_ids or []) + deleted

    def fetch_stage(self, harvest_object: Any) -> bool:
        return True

    def _save_gather_error(self, message: str, job: Any) -> None:
        HarvestGatherError.create(dgplan_gather_message(str(message)), job)

    def _save_object_error(self, message: str, obj: Any, stage: str = "Fetch", line: Any = None) -> None:
        HarvestObjectError.create(dgplan_import_message(str(message)), obj, stage, line)

    def _taken_by_other_source(self, harvest_object: Any, package_id: Any) -> bool:
        """True (and reported) when another harvest source already brought this dataset."""
        other = model.Session.query(HarvestObject).filter(
            HarvestObject.package_id == package_id, HarvestObject.current.is_(True),
            HarvestObject.harvest_source_id != harvest_object.source.id).first()
        if other is None:
            return False
        self._save_object_error(_message(
            f"ชุดข้อมูล {harvest_object.guid} ถูกเก็บเกี่ยวจากแหล่งอื่นแล้ว ({other.source.title}) จึงไม่นำเข้าซ้ำ",
            f"Dataset {harvest_object.guid} was already harvested from another source ({other.source.title}); "
            "not imported again"), harvest_object, "Import")
        return True

    def import_stage(self, harvest_object: Any) -> Any:
        status = next((e.value for e in harvest_object.extras if e.key == "status"), None)
        if status == "delete":
            return self._delete(harvest_object)
        if harvest_object.content:
            try:
                remote = json.loads(harvest_object.content)
            except ValueError:
                remote = None  # the parent reports content that is not JSON
            if isinstance(remote, dict):
                if self._taken_by_other_source(harvest_object, remote.get("id")):
                    return False
                if remote.get("allow_harvest") != ALLOWED:
                    self._save_object_error(_message(
                        f"ชุดข้อมูล {harvest_object.guid} ไม่ได้ยินยอมให้นำไปใช้ที่ GD-Catalog จึงไม่นำเข้า",
                        f"Dataset {harvest_object.guid} is not allowed for harvest, not imported"),
                        harvest_object, "Import")
                    return False
        return super().import_stage(harvest_object)

    def _delete(self, harvest_object: Any) -> bool:
        previous = model.Session.query(HarvestObject).filter(
            HarvestObject.guid == harvest_object.guid, HarvestObject.current.is_(True),
            HarvestObject.harvest_source_id == harvest_object.source.id).all()
        for obj in previous:
            obj.current = False
            obj.add()
        if harvest_object.package_id and model.Package.get(harvest_object.package_id):
            site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
            tk.get_action("package_delete")({"ignore_auth": True, "user": site_user["name"]},
                                            {"id": harvest_object.package_id})
        harvest_object.current = False
        harvest_object.add()
        model.Session.commit()
        return True

    # ------------------------------------------------------------ IDCATRDFHarvester

    def after_download(self, content: Any, harvest_job: Any) -> tuple[Any, list[str]]:
        # ckanext-dcat reports a file it cannot parse in English only; it is checked here first.
        if not content:
            return content, []
        config = json.loads(harvest_job.source.config or "{}") if harvest_job.source.config else {}
        try:
            RDFParser().parse(content, _format=config.get("rdf_format"))
        except RDFParserException as err:
            return None, [_message("ไฟล์ RDF ของแหล่งอ่านไม่ได้ จึงไม่เปลี่ยนชุดข้อมูลใด",
                                   f"The source's RDF file could not be parsed, no dataset was changed: {err}")]
        return content, []

    def before_create(self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: dict[str, Any]) -> None:
        self._allowed_or_cleared(harvest_object, dataset_dict)

    def before_update(self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: dict[str, Any]) -> None:
        self._allowed_or_cleared(harvest_object, dataset_dict)

    def _allowed_or_cleared(self, harvest_object: Any, dataset_dict: dict[str, Any]) -> None:
        # An emptied dict is skipped by ckanext-dcat's harvester (its documented way to refuse one).
        if dataset_dict.get("allow_harvest") not in (None, ALLOWED):
            log.info("harvest: %s not allowed for harvest, skipped", harvest_object.guid)
            dataset_dict.clear()
