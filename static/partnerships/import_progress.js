"use strict";
// A running import's page: every few seconds, ask for the page again and put
// its progress in place of this one's (#import-progress is aria-live, so the
// new count is announced); once the page no longer shows progress, the report
// is ready: load it.
{
    const update = async () => {
        const shown = document.getElementById("import-progress");
        const response = await fetch(window.location.href, {credentials: "same-origin"});
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.getElementById("import-progress");
        if (!response.ok || !fresh) {
            window.location.reload();
            return;
        }
        shown.replaceChildren(...fresh.childNodes);
        schedule();
    };
    const schedule = () => {
        const shown = document.getElementById("import-progress");
        const seconds = Number(shown && shown.dataset.refreshEvery) || 2;
        window.setTimeout(() => update().catch(schedule), seconds * 1000);
    };
    document.addEventListener("DOMContentLoaded", schedule);
}
