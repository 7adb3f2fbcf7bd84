"""ckanext-dcat glue: the ``gdc`` RDF profile (registered in pyproject.toml under ``ckan.rdf.profiles``)."""
