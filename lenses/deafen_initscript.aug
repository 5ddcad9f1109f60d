(*
Module: Deafen_initscript
  Parses the headers of init scripts (/etc/init.d/NAME,
  /etc/rc.d/init.d/NAME) for deafen. No stock lens reads them.

  Only the header lines make nodes with a label. Every other line of the
  script (code, other comments, blank lines, "#!/bin/sh",
  "# description: ... \") is a node without a label ({ } in augparse, as
  Util.empty makes), its text kept byte for byte in a del: path expressions
  ("*") and aug_to_xml skip those, so a long script still reads as a tree
  of a few nodes, and a script without headers as an empty one.

  Tree:
    { "lsb"                                  ### BEGIN INIT INFO
      { "Provides" = "sshd ssh" }            # Provides:<blanks>sshd ssh
      { "Default-Stop" }                     # Default-Stop:   (empty: no value)
      { "Description" = "first line"         # Description: first line
        { "#cont" = "second line" } } }      #<TAB or 2+ spaces>second line
                                             ### END INIT INFO
    { "chkconfig"                            # chkconfig: 2345 55 25
      { "levels" = "2345" }                  (or "-")
      { "start" = "55" }
      { "stop" = "25" } }
    { "processname" = "sshd" }               # processname: sshd
    { "pidfile" = "/var/run/sshd.pid" }      # pidfile: /var/run/sshd.pid
    { "config" = "/etc/ssh/sshd_config" }    # config: /etc/ssh/sshd_config

  In the LSB block a keyword line is "#", ONE space, the keyword (label as
  written), ":", optional blanks and the value (none if empty). A line "#"
  + TAB or "#" + two or more spaces + text continues the keyword above it
  (a "#cont" child; right after BEGIN, a "#cont" child of "lsb"). Other
  lines of the block ("#" alone, blank lines, "# text" or "#text" without
  "Keyword:") make no node. A block without "### END INIT INFO" does not
  parse.

  The chkconfig, processname, pidfile and config lines start with "#" at
  column 0 (blanks may follow it) and are read anywhere in the file. Such a
  line must be well formed ("chkconfig: LEVELS START STOP"), or the file
  does not parse.

  The lines between header nodes are kept by position: change values, but
  do not remove, add or reorder header nodes (the script's lines would
  move). A new header node goes at the end of the script.

  The last line must end with a newline. aug_load adds one where it is
  missing (transform.c, append_newline), so a script without it gives
  the same tree as with it.
*)
module Deafen_initscript =

let eol  = Deafen_initheader.eol
let text = Deafen_initheader.text
let begin_line = Deafen_initheader.begin_line

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

let chkconfig = Deafen_initheader.chkconfig
let redhat = Deafen_initheader.redhat

(* Group: the rest of the script *)

(* Variable: skipline
   a line that makes no header node: every line but "### BEGIN INIT INFO"
   (blanks may follow) and "#", blanks, chkconfig|processname|pidfile|config,
   ":". It is written out by hand as ONE regexp (not with "-", whose libfa
   result is long and flat), factored so that each character leaves few
   choices. With R for the rest of a line, [^\n] repeated:
     ( [^#\n] R                              code, blank lines
     | "#" ( [^a-z# \t\n] R                  "#!/bin/sh", "#-"
           | "#" HASH                        "##", "### x", not BEGIN
           | [ \t]+ ([^a-z \t\n] R)?         "#", "# $Id", "# Foo:"
           | [ \t] repeated, then
               WORD ([^a-z\n] R)?            "# description: x"
             or KEY ([^a-z:\n] R)?           "# config", "# pidfile x"
           )? )? \n
   HASH: the rest of a line after "##" that is not "# BEGIN INIT INFO" and
   blanks: a prefix of it then another character, or all of it then
   blanks and a non-blank. WORD: a word [a-z]+ that is not a KEY
   (chkconfig|config|pidfile|processname): a prefix of a key then another
   letter, a proper prefix, or a key then more letters. No header line
   matches it, so the star below has one way only to cut a script. *)
let skipline = /([^#\n][^\n]*|#([^a-z# \t\n][^\n]*|#([^#\n][^\n]*|#([^ \n][^\n]*| ([^B\n][^\n]*|B([^E\n][^\n]*|E([^G\n][^\n]*|G([^I\n][^\n]*|I([^N\n][^\n]*|N([^ \n][^\n]*| ([^I\n][^\n]*|I([^N\n][^\n]*|N([^I\n][^\n]*|I([^T\n][^\n]*|T([^ \n][^\n]*| ([^I\n][^\n]*|I([^N\n][^\n]*|N([^F\n][^\n]*|F([^O\n][^\n]*|O[ \t]*[^ \t\n][^\n]*)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?|[ \t]+([^a-z \t\n][^\n]*)?|[ \t]*((c(h(k(c(o(n(f(i(g[a-z]+|[a-fh-z][a-z]*)?|[a-hj-z][a-z]*)?|[a-eg-z][a-z]*)?|[a-mo-z][a-z]*)?|[a-np-z][a-z]*)?|[abd-z][a-z]*)?|[a-jl-z][a-z]*)?|o(n(f(i(g[a-z]+|[a-fh-z][a-z]*)?|[a-hj-z][a-z]*)?|[a-eg-z][a-z]*)?|[a-mo-z][a-z]*)?|[a-gi-np-z][a-z]*)?|p(i(d(f(i(l(e[a-z]+|[a-df-z][a-z]*)?|[a-km-z][a-z]*)?|[a-hj-z][a-z]*)?|[a-eg-z][a-z]*)?|[a-ce-z][a-z]*)?|r(o(c(e(s(s(n(a(m(e[a-z]+|[a-df-z][a-z]*)?|[a-ln-z][a-z]*)?|[b-z][a-z]*)?|[a-mo-z][a-z]*)?|[a-rt-z][a-z]*)?|[a-rt-z][a-z]*)?|[a-df-z][a-z]*)?|[abd-z][a-z]*)?|[a-np-z][a-z]*)?|[a-hj-qs-z][a-z]*)?|[abd-oq-z][a-z]*)([^a-z\n][^\n]*)?|(chkconfig|config|pidfile|processname)([^a-z:\n][^\n]*)?))?)?\n/

(* View: skip  a line that makes no header node: a node without a label *)
let skip = [ del skipline "\n" ]

(* View: lns
   A plain star: with anything else at the top, Augeas first matches the
   whole script against the whole lens's regexp (get.c, init_regs). *)
let lns = (lsb | chkconfig | redhat | skip)*

