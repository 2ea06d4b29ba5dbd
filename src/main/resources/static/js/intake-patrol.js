// Patrol page: fills the point from the phone's position, shows the "after" photo when solved on the spot.
document.addEventListener('DOMContentLoaded', function () {
  var lon = document.getElementById('lon'), lat = document.getElementById('lat');
  var pos = document.getElementById('position');
  if (lon && !lon.value && navigator.geolocation) {
    navigator.geolocation.getCurrentPosition(function (p) {
      lon.value = p.coords.longitude.toFixed(6);
      lat.value = p.coords.latitude.toFixed(6);
      if (pos) { pos.textContent = lon.value + ', ' + lat.value; }
    }, function () { if (pos) { pos.textContent = pos.getAttribute('data-none') || ''; } },
    { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
  }
  var solved = document.getElementById('solvedOnSpot');
  var after = document.getElementById('after-photos');
  function sync() { if (after) { after.hidden = !(solved && solved.checked); } }
  if (solved) { solved.addEventListener('change', sync); sync(); }
});
