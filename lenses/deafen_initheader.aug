(*
Module: Deafen_initheader
  The header lines of init scripts, for deafen: the LSB block and the Red
  Hat lines (see Deafen_initscript for the tree they make). deafen cuts
  those lines out of each script in C (src/headers.c) and reads them with
  dir; Deafen_initscript reads a whole script with them. They are a module
  of their own so that deafen does not compile Deafen_initscript's regexp
  of every other line.
*)
module Deafen_initheader =

let eol  = del /[ \t]*\n/ "\n"
let sep  = del /[ \t]+/ " "
let text = /[^ \t\n]|[^ \t\n][^\n]*[^ \t\n]/

(* Group: the LSB block *)

let begin_line = del /### BEGIN INIT INFO[ \t]*\n/ "### BEGIN INIT INFO\n"

(* Variable: ignored
   lines of the block that make no node: "#" alone, blank lines, and
   "#text" or "# text" where text does not start with "Keyword:".
   One regexp, factored by the first characters, rather than a union
   of five: Augeas copies it into every regexp built from the block,
   and glibc compiles each of them. *)
let ignored = /([ \t]*|#([ \t]*|[^ \t\n#][^\n]*| ([^A-Za-z \t\n][^\n]*|[A-Za-z][A-Za-z0-9_-]*([^:A-Za-z0-9_\n-][^\n]*)?)))\n/

let cont = [ label "#cont" . del (ignored* . /#(\t|  )[ \t]*/) "#\t" . store text . eol ]

let keyword = [ del (ignored* . /# /) "# " . key /[A-Za-z][A-Za-z0-9_-]*/ . del ":" ":"
                . ( del /[ \t]*/ " " . store text )? . eol
                . cont* ]

let end_line = del (ignored* . /### END INIT INFO[ \t]*\n/) "### END INIT INFO\n"

let lsb = [ label "lsb" . begin_line . cont* . keyword* . end_line ]

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
   marker line "@@deafen@@ N" that no header line can be; each script is a
   node labelled N. deafen reads every script's headers in one
   aug_text_store of this lens, into a node outside /files. *)
let dir = [ del "@@deafen@@ " "@@deafen@@ " . key /[0-9]+/ . del "\n" "\n"
            . (lsb | chkconfig | redhat)* ]*

(* View: headers  the header lines of one script, as headers_cut gives them *)
let headers = (lsb | chkconfig | redhat)*
