// Names for the controls select2 draws in the admin's autocompletes, which
// have none of their own: axe counts an unnamed combobox, textbox or search
// box as a serious fault. Each takes the text of its <select>'s <label>.
// select2 draws its controls after page load and again after each choice, so
// a MutationObserver names them whenever they appear.
'use strict';
{
    function labelText(select) {
        const label = select.id && document.querySelector(`label[for="${select.id}"]`);
        return label ? label.textContent.replace(/:\s*$/, '').trim() : '';
    }

    function name(element, text) {
        if (element.getAttribute('aria-label') !== text) {
            element.setAttribute('aria-label', text);
        }
    }

    function nameSelect2() {
        document.querySelectorAll('select.admin-autocomplete').forEach((select) => {
            const container = select.nextElementSibling;
            const text = labelText(select);
            if (!text || !container || !container.classList.contains('select2')) {
                return;
            }
            container.querySelectorAll('.select2-selection').forEach((box) => {
                // aria-labelledby points at the chosen value's text, which is
                // empty when nothing is chosen: the label names it instead.
                box.removeAttribute('aria-labelledby');
                name(box, text);
            });
            container.querySelectorAll(
                '.select2-selection__rendered[role="textbox"], .select2-search__field'
            ).forEach((field) => name(field, text));
        });
    }

    let pending = false;
    const observer = new MutationObserver(() => {
        if (!pending) {
            pending = true;
            window.requestAnimationFrame(() => {
                pending = false;
                nameSelect2();
            });
        }
    });
    document.addEventListener('DOMContentLoaded', () => {
        nameSelect2();
        observer.observe(document.body, {childList: true, subtree: true});
    });
}

// The admin export page's "Select all" (templates/admin/import_export/export.html
// drops import-export's inline onchange, which the CSP refuses to run): bound
// here to import-export's own handler, from export_selectable_fields.js.
document.addEventListener('DOMContentLoaded', () => {
    if (typeof window.onSelectToggleChange !== 'function') {
        return;
    }
    document.querySelectorAll('input.select-toggle').forEach((toggle) => {
        toggle.addEventListener('change', window.onSelectToggleChange);
    });
});
