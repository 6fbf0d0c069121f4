"use strict";
// Accessible names for what the admin's widgets draw without one: the filter
// icons of SelectFilter2 (an aria-label on a span with no role), the boxes
// select2 draws over an autocomplete <select> (named by an empty element, or
// not at all), select2's "clear" button inside a list, and the changelist's
// search box, whose only name is an icon. Each element is named after the
// field's own label, so a screen reader says what a sighted editor reads.
// A MutationObserver applies it again whenever the widgets redraw (a choice
// made, an inline row added).
{
    const nameOf = (select) => {
        const own = select.getAttribute("aria-label");
        if (own) return own;
        const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
        return label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
    };

    const setName = (element, name) => {
        if (element.getAttribute("aria-label") !== name) {
            element.setAttribute("aria-label", name);
        }
        if (element.hasAttribute("aria-labelledby")) {
            element.removeAttribute("aria-labelledby");
        }
    };

    function nameWidgets() {
        for (const icon of document.querySelectorAll(".search-label-icon[aria-label]:not([role])")) {
            icon.setAttribute("role", "img");
        }
        for (const select of document.querySelectorAll("select.admin-autocomplete")) {
            const drawn = select.nextElementSibling;
            if (!drawn || !drawn.classList.contains("select2")) continue;
            const name = nameOf(select);
            for (const box of drawn.querySelectorAll(
                ".select2-selection[role=combobox], .select2-selection__rendered[role=textbox], .select2-search__field"
            )) {
                setName(box, name);
            }
            for (const clear of drawn.querySelectorAll("ul > .select2-selection__clear")) {
                const item = document.createElement("li");
                item.className = "select2-clear-item";
                clear.replaceWith(item);
                item.append(clear);
            }
        }
        const search = document.getElementById("searchbar");
        if (search && !search.hasAttribute("aria-label")) {
            search.setAttribute("aria-label", "Search");
        }
    }

    nameWidgets();
    document.addEventListener("DOMContentLoaded", nameWidgets);
    new MutationObserver(nameWidgets).observe(document.documentElement, {
        childList: true,
        subtree: true,
    });
}
