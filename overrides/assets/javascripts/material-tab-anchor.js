// Material for MkDocs 9.8.1's inline script that opens the content tab an address's
// #anchor names (partials/javascripts/content.html), as a file for the
// Content-Security-Policy.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
