"""Every page's template writes its own form element, with the CSRF token, around the
fields a form's layout renders; a layout that wrote a second form element inside it would
be invalid HTML, and the inner element is dropped by browsers anyway."""

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.test import Client

import agreements.forms
import gateways.forms
import partners.forms
import register.forms

pytestmark = pytest.mark.django_db


def _form_classes() -> list[type[forms.BaseForm]]:
    modules = [gateways.forms, partners.forms, register.forms]
    for info in pkgutil.iter_modules(agreements.forms.__path__):
        modules.append(importlib.import_module(f"agreements.forms.{info.name}"))
    found = {
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def _built(cls: type[forms.BaseForm]) -> forms.BaseForm | None:
    """The form as a page builds it, where it can be built without a page's objects."""
    for kwargs in ({}, {"open_threads": 0}):
        try:
            return cls(**kwargs)
        except TypeError:
            continue
    return None


def test_no_form_layout_writes_a_form_element_of_its_own() -> None:
    checked = []
    for cls in _form_classes():
        form = _built(cls)
        helper = getattr(form, "helper", None)
        if helper is None:
            continue
        checked.append(cls.__name__)
        assert helper.form_tag is False, f"{cls.__module__}.{cls.__name__}"
    # Forms of every app were found and checked (those needing a page's objects are
    # rendered by the page tests).
    assert {
        "SignInForm",
        "GatewayForm",
        "ResolveForm",
        "ReplyForm",
        "BenefitForm",
        "SignOffRequestForm",
        "TemplateRevisionDecisionForm",
    } <= set(checked), checked


def test_the_sign_in_page_has_one_form_with_its_token() -> None:
    page = Client().get("/account/sign-in/").content.decode()
    main = page[page.index("<main") :]
    forms_opened = [m.start() for m in re.finditer("<form", main)]
    assert len(forms_opened) == 1
    form = main[forms_opened[0] : main.index("</form>")]
    assert "csrfmiddlewaretoken" in form
