// Complaints: two small helpers. The pages work without them.
(function () {
  "use strict";
  // "Print / save as PDF" buttons, hidden until the script can print.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // "Use my position": fills the latitude and longitude the complainant may share.
  var locate = document.querySelector("[data-locate]");
  if (locate && navigator.geolocation && window.isSecureContext) {
    var status = document.querySelector("[data-locate-status]");
    locate.hidden = false;
    locate.addEventListener("click", function () {
      if (status) { status.textContent = locate.getAttribute("data-locating"); }
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("latitude").value = pos.coords.latitude.toFixed(6);
        document.getElementById("longitude").value = pos.coords.longitude.toFixed(6);
        if (status) { status.textContent = ""; }
      }, function () {
        if (status) { status.textContent = locate.getAttribute("data-failed"); }
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }
})();
