(*
Module: Deafen_xinetd
  Parses /etc/xinetd.conf and /etc/xinetd.d/* for deafen.

  Why an own lens: the stock Xinetd lens knows a fixed list of attributes
  (a file with rlimit_files or leaky_bucket does not parse at all) and
  splits values into lists. Here any attribute name is accepted, kept as
  written (Disable, DISABLE), and its value is the whole rest of the line,
  so "set service[N]/disable yes" rewrites one word, and adds
  "<TAB>disable = yes" as the last line of a block that has none.

  Tree:
    { "#empty" }                             a blank line (blanks only)
    { "#comment" = "text" }                  "# text"; "#" alone: no value
    { "includedir" = "/etc/xinetd.d" }
    { "include" = "/etc/xinetd.extra" }
    { "defaults"
      { "log_type" = "SYSLOG daemon info" } }
    { "service" = "echo"
      { "#comment" = "text" }
      { "disable" = "yes" }                  NAME = VALUE
      { "log_on_failure" = "USERID"          NAME += VALUE
        { "op" = "+" } }                     ("-" for -=; no "op" for =)
      { "server_args" } }                    NAME =    (empty value: no value)

  A block is "service NAME" or "defaults", then "{" (on its own line or on
  the keyword line), the lines of the block, and "}" on its own line.

  A blank line outside the blocks is a node of its own, so that the lens
  is a plain star of one node per line or block: with anything else at the
  top, Augeas first matches the whole file against the whole lens's regexp
  (get.c, init_regs). It has a label ("#empty", not the label-less node of
  Util.empty) because aug_cp drops label-less nodes, and deafen renders a
  large directory through copies. A new top-level node goes at the end of the file,
  after its blank lines. Inside a block blank lines make no node: they
  are kept with the next line of the block (blank lines before "}" with
  the block), so "disable = yes" goes in as the block's last line. The
  last line of a file must end with a newline (aug_load adds one where it
  is missing).
*)
module Deafen_xinetd =

(* Group: blanks and line ends *)
let eol = del /[ \t]*\n/ "\n"

(* Variable: indent  blank lines and blanks before the text of a line in a block
   ([ \t\n]* is ([ \t]*\n)*[ \t]*: each group in a lens's regexp is a register
   glibc keeps up to date at every character Augeas matches) *)
let indent (default:string) = del /[ \t\n]*/ default

(* Variable: lead  blanks before the text of a line outside the blocks *)
let lead = del /[ \t]*/ ""

(* View: empty  a blank line outside the blocks *)
let empty = [ label "#empty" . del /[ \t]*\n/ "\n" ]

(* Variable: text  rest of a line, starting and ending with a non-blank *)
let text = /[^ \t\n]|[^ \t\n][^\n]*[^ \t\n]/

(* Group: lines *)

(* View: comment_after  a comment line after BLANKS (a del) *)
let comment_after (blanks:lens) =
    [ label "#comment" . blanks . del /#[ \t]*/ "# " . store text . eol ]
  | [ label "#comment" . blanks . del "#" "#" . eol ]

let comment = comment_after lead

(* View: attribute  NAME [+-]= VALUE *)
let attribute =
  [ indent "\t" . key /[A-Za-z_][A-Za-z0-9_]*/
    . del /[ \t]*/ " "
    . [ label "op" . store /[+-]/ ]?
    . del "=" "="
    . ( del /[ \t]*/ " " . store text )?
    . eol ]

let block_open  = del /[ \t\n]*\{[ \t]*\n/ "\n{\n"
let block_close = del /[ \t\n]*\}[ \t]*\n/ "}\n"

let body = block_open . (attribute | comment_after (indent ""))* . block_close

let service  = [ lead . key "service" . del /[ \t]+/ " " . store /[^ \t\n{]+/ . body ]
let defaults = [ lead . key "defaults" . body ]

let include  = [ lead . key /include|includedir/ . del /[ \t]+/ " " . store text . eol ]

let lns = (comment | include | defaults | service | empty)*

(* View: dir
   The files of a directory in one text, each after a line
   "@@deafen@@ NAME" that no xinetd file can hold: { "NAME" ... } a file,
   as under /files/etc/xinetd.d. deafen renders a directory of changed
   files with one aug_text_retrieve (each call compiles the lens's regexps
   anew). *)
let dir = [ del "@@deafen@@ " "@@deafen@@ " . key /[^\n]+/ . del "\n" "\n" . lns ]*

(* View: attributes
   Attribute lines alone, one after another (each with the blank lines
   before it): deafen writes the attributes it changed through it and
   splices them into the files' texts (xinetd.c, render_pieces), one put
   for all the files, instead of putting every changed file whole. *)
let attributes = attribute*
