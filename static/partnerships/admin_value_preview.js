// The agreement form's value preview, kept up to date while the editor types.
// The server reads the text with the same parser as the save
// (partnerships/entry.py); without this script the saved form shows it.
"use strict";
(function () {
  function setUp() {
    const input = document.getElementById("id_value");
    const preview = document.querySelector(".value-preview");
    if (!input || !preview) {
      return;
    }
    const output = preview.querySelector("output");
    const note = document.createElement("span");
    note.className = "value-preview-note";
    preview.after(note);
    let timer = null;
    let asked = 0;
    async function refresh() {
      const number = ++asked;
      const url = preview.dataset.previewUrl + "?text=" + encodeURIComponent(input.value);
      const response = await fetch(url, { credentials: "same-origin" });
      const answer = await response.json();
      if (number !== asked) {
        return; // a later keystroke has asked again
      }
      if (answer.error) {
        output.textContent = "—";
        note.textContent = " " + answer.error;
      } else {
        output.textContent = answer.shows || "—";
        note.textContent = answer.note ? " " + answer.note : "";
      }
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
