"""What the page views share: running an action for the current user with HTTP errors for its failures."""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk


def call_action_or_abort(action: str, data_dict: dict[str, Any]) -> Any:
    """Run an action as the current user; unknown codes are 404, refusals 403, bad input 400."""
    try:
        return tk.get_action(action)({}, data_dict)
    except tk.ObjectNotFound as err:
        tk.abort(404, str(err) or tk._("Not found"))
    except tk.NotAuthorized as err:
        tk.abort(403, str(err) or tk._("Not authorized"))
    except tk.ValidationError as err:
        tk.abort(400, json.dumps(err.error_dict, ensure_ascii=False))
    raise AssertionError("unreachable")  # pragma: no cover - tk.abort raises
