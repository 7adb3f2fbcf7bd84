"""The ``dgplan_ckan`` harvester: ckanext-harvest's CKAN harvester for GD Catalog portals.

It asks the source portal only for the datasets whose ``allow_harvest`` is yes ("ยินยอมให้นำชื่อ
ชุดข้อมูลไปใช้ที่ GD-Catalog"), skips any other that a source still sends, refuses a dataset another
source already brought, and deletes from the copy what left the source (deleted, made private, or no
longer allowed) on the next run; ckanext-harvest's own CKAN harvester never deletes. Its errors go to
the job report in Thai and English.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Optional
from urllib.parse import urlencode

import ckan.plugins.toolkit as tk
import requests  # type: ignore[import-untyped]
from ckan import model
from ckanext.harvest.harvesters.ckanharvester import CKANHarvester, ContentFetchError, SearchError
from ckanext.harvest.model import HarvestGatherError, HarvestObject, HarvestObjectError, HarvestObjectExtra

from ckanext.dgplan.harvest.common import (
    ALLOWED,
    ALLOWED_FQ,
    DEFAULT_TIMEOUT,
    dgplan_check_timeout,
    dgplan_gather_message,
    dgplan_import_message,
    dgplan_stopped_message,
    message,
)

log = logging.getLogger(__name__)

PAGE_ROWS = 100


class DgplanCkanHarvester(CKANHarvester):
    """ckanext-harvest's CKAN harvester with the ``allow_harvest`` filter, deletions and Thai reports."""

    # (datasets listed, error) when the source stopped answering part-way through the last listing.
    _stopped_after: Optional[tuple[int, str]] = None

    def info(self) -> dict[str, str]:
        return {
            "name": "dgplan_ckan",
            "title": "GD Catalog (CKAN, allow_harvest)",
            "description": "ชุดข้อมูลที่ยินยอมให้นำไปใช้ที่ GD-Catalog จากพอร์ทัล CKAN อื่น / "
                           "Datasets allowed for harvest from another CKAN portal (deletions follow)",
        }

    def validate_config(self, config: Any) -> Any:
        config = super().validate_config(config)
        dgplan_check_timeout(config)
        return config

    def _get_content(self, url: str) -> str:
        config: dict[str, Any] = self.config or {}
        headers: dict[str, str] = {}
        if config.get("user_agent"):
            headers["User-Agent"] = str(config["user_agent"])
        if config.get("api_key"):
            headers["Authorization"] = str(config["api_key"])
        try:
            answer = requests.get(url, headers=headers, timeout=config.get("timeout", DEFAULT_TIMEOUT))
        except requests.RequestException as err:
            raise ContentFetchError(f"Request error: {err}") from err
        return answer.text

    def _search_for_datasets(self, remote_ckan_base_url: str, fq_terms: Optional[list[str]] = None) -> list[dict]:
        """The source's datasets allowed for harvest, page by page (sorted by id, as ckanext-harvest
        asks). When a page after the first fails (a timeout, a 500), the pages read so far are kept:
        they are imported, and the job reports where the source stopped (see :meth:`gather_stage`)."""
        fq = " ".join([*(fq_terms or []), f"+{ALLOWED_FQ}"])
        found: list[dict] = []
        ids: set[str] = set()
        start = 0
        while True:
            params = {"rows": str(PAGE_ROWS), "start": str(start), "sort": "id asc", "fq": fq}
            url = remote_ckan_base_url + self._get_search_api_offset() + "?" + urlencode(params)
            try:
                page = json.loads(self._get_content(url))["result"]["results"]
            except (ContentFetchError, ValueError, KeyError, TypeError, AttributeError) as err:
                if not found:
                    raise SearchError(f"Error searching the source with {url}: {err}") from err
                self._stopped_after = (len(found), str(err))
                return found
            # A dataset changed while paging may come twice; a source that ignores `start` repeats
            # a page: only new ids count, and a page without any ends the listing.
            new = [d for d in page if isinstance(d, dict) and d.get("id") and d["id"] not in ids]
            if not new:
                return found
            ids.update(d["id"] for d in new)
            found.extend(new)
            start += PAGE_ROWS

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
        self._stopped_after = None
        object_ids = super().gather_stage(harvest_job)
        if self._stopped_after:
            # The list is incomplete, so nothing is deleted; the gather error makes the job not
            # error-free, so the next run asks the source for everything again.
            count, detail = self._stopped_after
            self._save_gather_error(dgplan_stopped_message(count, "", detail), harvest_job)
            return object_ids
        self._set_config(harvest_job.source.config)
        remote = self._remote_ids(harvest_job.source.url.rstrip("/"))
        if remote is None:
            # Nothing is deleted when the source cannot be listed: a timeout is not a deletion.
            self._save_gather_error(message(
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

    def _save_gather_error(self, detail: str, job: Any) -> None:
        HarvestGatherError.create(dgplan_gather_message(str(detail)), job)

    def _save_object_error(self, detail: str, obj: Any, stage: str = "Fetch", line: Any = None) -> None:
        HarvestObjectError.create(dgplan_import_message(str(detail)), obj, stage, line)

    def _taken_by_other_source(self, harvest_object: Any, package_id: Any) -> bool:
        """True (and reported) when another harvest source already brought this dataset."""
        other = model.Session.query(HarvestObject).filter(
            HarvestObject.package_id == package_id, HarvestObject.current.is_(True),
            HarvestObject.harvest_source_id != harvest_object.source.id).first()
        if other is None:
            return False
        self._save_object_error(message(
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
                    self._save_object_error(message(
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
