(*
Module: Deafen_links
  The symlinks of one directory as deafen reads them into its tree
  (outside /files: no file is ever written from it), one line a link,
  "NAME<tab>TARGET". src/rclinks.c gives a whole rc directory to it in
  one aug_text_store: an aug_set a link walked all the links of the
  directory before it (5,000 scripts: 1.6 G instructions). A name or
  target with a tab or a newline is set one by one, as before.

  Tree:
    { "S01ssh" = "../init.d/ssh" }
*)
module Deafen_links =

let link = [ key /[^\t\n\/]+/ . del "\t" "\t" . store /[^\t\n]+/ . del "\n" "\n" ]

let lns = link*
