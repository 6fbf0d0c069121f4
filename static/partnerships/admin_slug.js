// The admin fills a slug from the title as the editor types (Django's
// prepopulate.js calls URLify). URLify drops dashes and punctuation, running
// "Microsoft–CoreWeave" into "microsoftcoreweave"; here they separate words as
// they do on the server (partnerships/slugs.py), which has the last word when
// the slug is left blank.
"use strict";
// prepopulate.js looks URLify up as the editor types: wrapping it once every
// script has run is enough, whatever order the admin loads them in.
document.addEventListener("DOMContentLoaded", function () {
  const original = window.URLify;
  if (typeof original !== "function") {
    return;
  }
  window.URLify = function (text, numChars, allowUnicode) {
    const spaced = text.replace(/['’ʼ]/g, "").replace(/[^\p{L}\p{N}\p{M}\s]+/gu, " ");
    return original(spaced, numChars, allowUnicode);
  };
});
