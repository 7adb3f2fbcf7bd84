"""ckanext-dcat on a dgplan portal: the catalogue lists only the datasets allowed for harvest, the
DCAT RDF harvester checks what it downloaded and what it is about to create, its requests wait at
most the source's ``timeout``, and the ``dgplan_dcat`` harvester keeps the pages of a feed it read
when a later page fails."""
from __future__ import annotations

import json
import logging
import sys
from typing import Any, Optional

import ckan.plugins.toolkit as tk
import requests  # type: ignore[import-untyped]
from ckan import model
from ckanext.dcat.harvesters import DCATRDFHarvester
from ckanext.dcat.processors import RDFParser, RDFParserException
from ckanext.harvest.model import HarvestGatherError, HarvestObject
from requests.adapters import HTTPAdapter  # type: ignore[import-untyped]

from ckanext.dgplan import gdc_dcat
from ckanext.dgplan.harvest.common import (
    ALLOWED,
    dgplan_allowed_fq,
    dgplan_check_timeout,
    dgplan_gather_message,
    dgplan_source_timeout,
    dgplan_stopped_message,
    message,
)

log = logging.getLogger(__name__)


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


def dgplan_catalog_actions() -> dict[str, Any]:
    """The chained actions that narrow ckanext-dcat's catalogue (private datasets it never lists)."""
    return {"dcat_catalog_show": dcat_catalog_show, "dcat_catalog_search": dcat_catalog_search}


def dgplan_after_download(content: Any, harvest_job: Any) -> tuple[Any, list[str]]:
    """The downloaded RDF, or ``None`` and a Thai/English error when it cannot be parsed."""
    # ckanext-dcat reports a file it cannot parse in English only; it is checked here first. (On a
    # later page of a feed, the dgplan_dcat harvester still imports the pages before it.)
    if not content:
        return content, []
    config = json.loads(harvest_job.source.config or "{}") if harvest_job.source.config else {}
    try:
        RDFParser().parse(content, _format=config.get("rdf_format"))
    except RDFParserException as err:
        return None, [message("ไฟล์ RDF ของแหล่งอ่านไม่ได้ จึงไม่นำเข้าชุดข้อมูลจากไฟล์นี้และไม่ลบชุดข้อมูลใด",
                              "The source's RDF file could not be parsed: nothing in it was imported and no "
                              f"dataset was deleted: {err}")]
    return content, []


def dgplan_allowed_or_cleared(harvest_object: Any, dataset_dict: dict[str, Any]) -> None:
    """Empty ``dataset_dict`` when the dataset is not allowed for harvest."""
    # An emptied dict is skipped by ckanext-dcat's harvester (its documented way to refuse one).
    if dataset_dict.get("allow_harvest") not in (None, ALLOWED):
        log.info("harvest: %s not allowed for harvest, skipped", harvest_object.guid)
        dataset_dict.clear()


_UNKNOWN_LABELS = {"update_frequency_unit": ("ความถี่ของการปรับปรุงข้อมูล", "update frequency"),
                   "license_id": ("สัญญาอนุญาต", "licence")}


def dgplan_report_unknown_terms(harvest_object: Any, dataset_dict: dict[str, Any]) -> None:
    """Report, in the job, the frequencies and licences the ``gdc`` profile did not know and kept as
    GD Catalog's "other" (the dataset itself is imported)."""
    from ckanext.harvest.model import HarvestObjectError

    for field, value in gdc_dcat.unknown_terms(dataset_dict):
        th, en = _UNKNOWN_LABELS[field]
        HarvestObjectError.create(message(
            f"ชุดข้อมูล {harvest_object.guid}: ไม่รู้จัก{th} {value} จึงนำเข้าเป็น \"อื่นๆ\" โดยเก็บค่าเดิมไว้",
            f"Dataset {harvest_object.guid}: unknown {en} {value}, imported as \"other\" with the value kept"),
            harvest_object, "Import")


class _TimeoutAdapter(HTTPAdapter):
    """requests' adapter with a default timeout (a session has none of its own)."""

    def __init__(self, timeout: Any) -> None:
        super().__init__()
        self.timeout = timeout

    def send(self, request: Any, stream: bool = False, timeout: Any = None, **kwargs: Any) -> Any:
        return super().send(request, stream=stream, timeout=self.timeout if timeout is None else timeout, **kwargs)


def dgplan_session_with_timeout(session: Any, timeout: Any) -> Any:
    """``session`` whose requests wait at most ``timeout`` seconds for the source to connect or send."""
    # ckanext-dcat downloads with requests and no timeout: a source that stalls held the gather
    # consumer for good. Its update_session hook is the one place its session can be reached.
    adapter = _TimeoutAdapter(timeout)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _timed_out(err: BaseException) -> bool:
    # A stall before the headers is a Timeout; one while streaming the body reaches ckanext-dcat as
    # the ConnectionError requests wraps urllib3's ReadTimeoutError in.
    return isinstance(err, requests.Timeout) or (
        isinstance(err, requests.ConnectionError) and "timed out" in str(err).lower())


class DgplanDcatHarvester(DCATRDFHarvester):
    """ckanext-dcat's DCAT RDF harvester (``dcat_rdf``) that keeps what it read of a paged feed.

    When a page after the first fails (a 500, a timeout, a file that does not parse), ckanext-dcat's
    gather stage returns nothing: the datasets of the pages before were saved as harvest objects but
    never imported, and the job never finished (its objects kept waiting). Here they are imported.
    Nothing is deleted: ckanext-dcat marks deletions only after the last page, which a feed cut short
    never reaches. The job says, in Thai and English, which page failed and why; the next run reads
    the whole feed again (ckanext-dcat always does).
    """

    # Pages asked for in this gather stage, the (page, url) being downloaded, and the Thai and
    # English reason a page after the first failed.
    _pages = 0
    _download: Optional[tuple[int, str]] = None
    _stopped: Optional[tuple[str, str]] = None
    _timeout: Any = None

    def info(self) -> dict[str, str]:
        return {
            "name": "dgplan_dcat",
            "title": "GD Catalog (DCAT RDF)",
            "description": "ชุดข้อมูลจากแฟ้ม DCAT (RDF) ของหน่วยงาน เก็บหน้าที่อ่านได้แล้วเมื่อหน้าถัดไปล้มเหลว / "
                           "Datasets from an agency's DCAT RDF feed; the pages read are kept when a later one fails",
        }

    def validate_config(self, source_config: Any) -> Any:
        source_config = super().validate_config(source_config)
        dgplan_check_timeout(source_config)
        return source_config

    def gather_stage(self, harvest_job: Any) -> Any:
        self._pages, self._stopped = 0, None
        self._timeout = dgplan_source_timeout(harvest_job.source.config)
        object_ids = super().gather_stage(harvest_job)
        if object_ids:
            return object_ids
        # ckanext-dcat returns [] when it stops, even after saving the objects of the pages before.
        saved = [object_id for (object_id,) in model.Session.query(HarvestObject.id).filter(
            HarvestObject.harvest_job_id == harvest_job.id).order_by(HarvestObject.gathered)]
        if not saved and not self._stopped:
            return object_ids
        th, en = self._stopped or ("", "a later page could not be read")
        HarvestGatherError.create(dgplan_stopped_message(len(saved), f" ({th})" if th else "", en), harvest_job)
        log.warning("harvest: %s cut short after %s datasets: %s", harvest_job.source.url, len(saved), en)
        return saved

    def _get_content_and_type(self, url: str, harvest_job: Any, page: int = 1, content_type: Any = None) -> Any:
        self._pages += 1
        self._download = (self._pages, url)
        try:
            return super()._get_content_and_type(url, harvest_job, page, content_type)
        finally:
            self._download = None

    def _save_gather_error(self, detail: str, job: Any) -> None:
        if self._download is None:
            HarvestGatherError.create(dgplan_gather_message(str(detail)), job)
            return
        # ckanext-dcat saves a failed download's error inside its `except` clause: the exception being
        # handled tells a timeout and an HTTP status apart without reading its English text.
        page, url = self._download
        th, en = self._download_failure(sys.exc_info()[1], str(detail))
        if page > 1:
            # Reported with what was kept, once the gather stage has stopped (see gather_stage).
            self._stopped = (f"หน้า {page} {th}", f"page {page} {en}: {url}")
        else:
            HarvestGatherError.create(message(f"แหล่ง{th} จึงไม่เปลี่ยนและไม่ลบชุดข้อมูลใด",
                                              f"The source {en}, no dataset was changed or deleted: {url}"), job)

    def _download_failure(self, err: Optional[BaseException], detail: str) -> tuple[str, str]:
        if err is not None and _timed_out(err):
            return f"ไม่ตอบภายใน {self._timeout} วินาที", f"did not answer within {self._timeout} seconds"
        if isinstance(err, requests.HTTPError) and err.response is not None:
            status = err.response.status_code
            return f"ตอบด้วยรหัสข้อผิดพลาด {status}", f"answered {status} {err.response.reason}"
        return "อ่านไม่ได้", f"could not be read ({detail})"
