"""ckanext-dcat on a dgplan portal: the catalogue lists only the datasets allowed for harvest, and the
DCAT RDF harvester checks what it downloaded and what it is about to create."""
from __future__ import annotations

import json
import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.dcat.processors import RDFParser, RDFParserException

from ckanext.dgplan import gdc_dcat
from ckanext.dgplan.harvest.common import ALLOWED, dgplan_allowed_fq, message

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
    # ckanext-dcat reports a file it cannot parse in English only; it is checked here first.
    if not content:
        return content, []
    config = json.loads(harvest_job.source.config or "{}") if harvest_job.source.config else {}
    try:
        RDFParser().parse(content, _format=config.get("rdf_format"))
    except RDFParserException as err:
        return None, [message("ไฟล์ RDF ของแหล่งอ่านไม่ได้ จึงไม่เปลี่ยนชุดข้อมูลใด",
                              f"The source's RDF file could not be parsed, no dataset was changed: {err}")]
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
