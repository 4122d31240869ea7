// Material for MkDocs 9.8.1's inline script (partials/javascripts/base.html), as a
// file so the Content-Security-Policy needs no 'unsafe-inline' (issue 11). Material
// sets __md_scope from base_url, the language's root; this file lives two folders
// below that root (assets/javascripts/), which also holds on the app's deeper pages.
__md_scope=new URL("../../",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
