// Tells the campus which time zone this browser is in (a cookie read by i18n/language.ts), so
// live sessions show in the visitor's own time; a profile's choice overrides it. Without this
// script, times stay in UTC, said so.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (!zone || document.cookie.indexOf('campus_tz=' + encodeURIComponent(zone)) !== -1) return;
  document.cookie =
    'campus_tz=' + encodeURIComponent(zone) + '; Path=/; Max-Age=31536000; SameSite=Lax';
})();
