// Tells the campus which time zone this browser is in (a cookie read by i18n/language.ts), so
// live sessions show in the visitor's own time; a profile's choice overrides it. Without this
// script, times stay in UTC, said so. On a first visit the page was already written in UTC: when
// it shows times (partials/foot marks it), it is loaded once more, now in the browser's zone.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  var cookie = 'campus_tz=' + encodeURIComponent(zone);
  if (!zone || document.cookie.indexOf(cookie) !== -1) return;
  document.cookie = cookie + '; Path=/; Max-Age=31536000; SameSite=Lax';
  // Only when the cookie was kept (never a reload loop) and the zone changes something.
  if (
    zone !== 'UTC' &&
    document.cookie.indexOf(cookie) !== -1 &&
    document.getElementById('times-in-utc')
  )
    window.location.replace(window.location.href);
})();
