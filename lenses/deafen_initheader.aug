(*
Module: Deafen_initheader
  The header lines of init scripts, for deafen: the LSB block and the Red
  Hat lines (see Deafen_initscript for the tree they make). deafen cuts
  those lines out of each script in C (src/headers.c) and reads them with
  dir; Deafen_initscript reads a whole script with them. They are a module
  of their own so that deafen does not compile Deafen_initscript's regexp
  of every other line. What only a whole script needs (the block with its
  ignored lines: lsb, keyword, cont) is in Deafen_initscript: Augeas builds
  every lens of a module it loads (a libfa pass for each key and store),
  and those cost 1.4 M instructions a run that reads headers.
*)
module Deafen_initheader =

let eol  = del /[ \t]*\n/ "\n"
let sep  = del /[ \t]+/ " "
let text = /[^ \t\n]|[^ \t\n][^\n]*[^ \t\n]/

(* Group: the LSB block *)

let begin_line = del /### BEGIN INIT INFO[ \t]*\n/ "### BEGIN INIT INFO\n"

(* View: lsb_cut
   The LSB block once deafen has cut its ignored lines out (src/headers.c
   drops the lines Deafen_initscript's IGNORED matches from a closed block):
   the tree of Deafen_initscript.lsb, and regexps without IGNORED*, which
   glibc compiles several times faster. *)
let cont_cut = [ label "#cont" . del /#(\t|  )[ \t]*/ "#\t" . store text . eol ]

let keyword_cut = [ del "# " "# " . key /[A-Za-z][A-Za-z0-9_-]*/ . del ":" ":"
                    . ( del /[ \t]*/ " " . store text )? . eol
                    . cont_cut* ]

let lsb_cut = [ label "lsb" . begin_line . cont_cut* . keyword_cut*
                . del /### END INIT INFO[ \t]*\n/ "### END INIT INFO\n" ]

(* Group: Red Hat chkconfig header lines *)

let chkconfig = [ del /#[ \t]*/ "# " . key "chkconfig" . del /:[ \t]*/ ": "
                  . [ label "levels" . store /-|[0-9]+/ ] . sep
                  . [ label "start" . store /[0-9]+/ ] . sep
                  . [ label "stop" . store /[0-9]+/ ] . eol ]

let redhat = [ del /#[ \t]*/ "# " . key /processname|pidfile|config/
               . del ":" ":" . ( del /[ \t]*/ " " . store text )? . eol ]


(* View: dir
   The headers of many scripts in one text, each script's header lines
   (what deafen cuts out of it: the LSB block, the Red Hat lines) after a
   marker line "@@deafen@@ N" that no header line can be, a node "@script"
   = N; the nodes of script N follow its marker. deafen reads every
   script's headers in one aug_text_store of this lens, into a node
   outside /files, and groups them by marker in C. Flat, not a node a
   script holding its lines: Augeas matches the regexp of every enclosing
   node over a line again, and a level less is a third less of the cost. *)
let marker = [ label "@script" . del "@@deafen@@ " "@@deafen@@ " . store /[0-9]+/
               . del "\n" "\n" ]

let dir = ( marker | lsb_cut | chkconfig | redhat )*

(* View: lsb_flat
   The lines of the LSB blocks of dir's text (src/headers.c splits them
   from the Red Hat lines), a node a line, each script's after its marker:
   "@begin" and "@end" for the block's first and last lines, a keyword, a
   "#cont" of its own. src/headers.c groups them as lsb_cut does (and
   where they are not BEGIN, lines, END, reads dir's text with dir for its
   error). Augeas matches every line of a nested node again at each level:
   flat, the headers of a Debian root cost half as much. *)
let lsb_flat_begin = [ label "@begin" . begin_line ]

let lsb_flat_end = [ label "@end" . del /### END INIT INFO[ \t]*\n/ "### END INIT INFO\n" ]

let lsb_flat_keyword = [ del "# " "# " . key /[A-Za-z][A-Za-z0-9_-]*/ . del ":" ":"
                         . ( del /[ \t]*/ " " . store text )? . eol ]

let lsb_flat = ( marker | lsb_flat_begin | lsb_flat_end | lsb_flat_keyword | cont_cut )*

(* View: redhat_flat  the Red Hat lines of dir's text, each script's after its marker *)
let redhat_flat = ( marker | chkconfig | redhat )*

(* View: headers  the header lines of one script, as headers_cut gives them *)
let headers = (lsb_cut | chkconfig | redhat)*
