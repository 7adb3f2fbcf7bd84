"""Harvesting between GD Catalog portals (issue 20), loaded by the ``dgplan_harvest`` and
``dgplan_dcat_harvester`` plugins.

* :mod:`.common`: what a dataset needs to leave an agency portal (``allow_harvest``) and the job
  report's Thai/English messages;
* :mod:`.ckan`: the ``dgplan_ckan`` harvester (ckanext-harvest's CKAN harvester, narrowed to the
  datasets allowed for harvest, with deletions);
* :mod:`.dcat`: ckanext-dcat's catalogue limited to those datasets, the checks the DCAT RDF
  harvester runs before it creates or updates a dataset, its requests' timeout, and the
  ``dgplan_dcat`` harvester (registered by the ``dgplan_dcat_harvester`` plugin), which keeps the
  pages of a feed it read when a later page fails.

Nothing here is imported by the main ``dgplan`` plugin: these modules import ckanext-harvest.
"""
