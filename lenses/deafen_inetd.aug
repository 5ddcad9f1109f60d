(*
Module: Deafen_inetd
  Parses /etc/inetd.conf (openbsd-inetd, Debian update-inetd style) for deafen.

  Why an own lens: the stock Inetd lens reads a line disabled by
  update-inetd ("#<off># telnet ...") as a plain comment, and its put
  reformats later lines (augeas issue #450). Here a disabled line is a
  service node with a "disabled" flag, so disabling is
  "set service[N]/disabled" (or clear) and enabling is
  "rm service[N]/disabled": exactly one line changes; the blanks between
  the fields of that line and every other byte of the file are kept.

  Tree of a service line
  ("[ADDR:]NAME[/VERSION] SOCKET PROTO WAIT[/MAX] USER[:GROUP] CMD ARG... # text"):

  { "service" = NAME
    { "address" = ADDR }        if "ADDR:" precedes NAME ("*", host, [::1])
    { "version" = VERSION }     if NAME/VERSION (rstatd/1-3, tcpmux/+svc)
    { "socket" = "stream" }
    { "protocol" = "tcp" }
    { "wait" = "nowait" }
    { "max" = "200" }           if nowait/200 or nowait.200 (new: ".")
    { "user" = "root" }
    { "group" = "tty" }         if root:tty or root.tty (new: ":")
    { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "in.telnetd" } { "2" = "-l" } }   if any ARG
    { "#comment" = "text" }     if the line ends in "# text"
    { "disabled" } }            iff the line starts with "#<off>#" (no value)

  "disabled" is the LAST child: "set" appends a new node at the end of the
  children, and put needs the children in lens order. Its text is the
  "#<off>#" prefix at the start of the line.

  A unix-domain service ("/run/sock stream unix ...") has the socket path as
  NAME and no version. Other lines:
    { "#comment" = "text" }    "# text" (any indent); "#" alone: no value.
                               Only "#<off>#" at column 0 starts a service.
    { "address" = "ADDR" }     "ADDR:" alone: default address of the
                               following lines (openbsd-inetd).
    { }                        a blank line (blanks only): a node without
                               a label, as Util.empty makes; path
                               expressions ("*") and aug_to_xml skip it.

  Every node is one line (a service with its continuation lines) and the
  lens is a plain star of them: with
  anything else at the top, Augeas first matches the whole file against
  the whole lens's regexp (get.c, init_regs), a quarter of the cost of
  loading bigcat's inetd.conf. So a new node goes at the end of the file,
  after its blank lines. The last line must end with a newline (aug_load
  adds one where it is missing).

  Limit (Augeas, any lens): removing a whole service node makes every later
  service line reuse the formatting (blanks) of the service line above it.
  Disable instead of removing.
*)
module Deafen_inetd =

(* Group: blanks and line ends *)

(* Variable: sep  between two fields: blanks, or a line end and the blanks
   that start a continuation line (openbsd-inetd: a line that starts with a
   blank goes on with the entry above) *)
let sep    = del /[ \t]+|[ \t]*\n[ \t]+/ " "
let eol    = del /[ \t]*\n/ "\n"

(* View: empty  a blank line *)
let empty  = [ del /[ \t]*\n/ "\n" ]

(* Group: comment lines *)

(* Variable: text  comment text: starts and ends with a non-blank *)
let text = /[^ \t\n]|[^ \t\n][^\n]*[^ \t\n]/

(* Variable: off_text  text that would make "#TEXT" a disabled service *)
let off_text = /<off>#|<off>#[^\n]*[^ \t\n]/

(* Variable: not_off_text  text that does not start with "<off>#", written
   out: "text - /<off>#[^\n]*/" makes libfa build a long regexp *)
let not_off_text =
    /<(o(f(f>?)?)?)?([ \t][^\n]*[^ \t\n])?/
  | /([^ \t\n<]|<([^o \t\n]|o([^f \t\n]|f([^f \t\n]|f([^> \t\n]|>[^# \t\n])))))([^\n]*[^ \t\n])?/

let comment_line (prefix:regexp) (value:regexp) =
  [ label "#comment" . del prefix "# " . store value . eol ]

(* View: comment
   "#<off>#" right at column 0 is a disabled service, not a comment;
   "# <off>#" or "  #<off>#" are comments. *)
let comment = comment_line /[ \t]*#[ \t]*/ not_off_text
            | comment_line /[ \t]+#[ \t]*|#[ \t]+/ off_text
            | [ label "#comment" . del /[ \t]*#/ "#" . eol ]

(* Group: the fields of a service line *)

let word = /[^# \t\n][^ \t\n]*/

(* Variable: not_unix  a word other than "unix", written out *)
let not_unix = /([^# \t\nu]|u[^ \t\nn]|un[^ \t\ni]|uni[^ \t\nx]|unix[^ \t\n])[^ \t\n]*|u(ni?)?/

let field (name:string) (value:regexp) = [ label name . sep . store value ]

let addr = /\*|\[[^] \t\n]+\]|[^#* \t\n:\/[][^ \t\n:\/]*/

let address = [ label "address" . store addr . del ":" ":" ]

let version = [ label "version" . del "/" "/" . store /[^ \t\n]+/ ]

(* View: endpoint
   NAME[/VERSION] SOCKET PROTOCOL, or for unix sockets PATH SOCKET unix *)
let endpoint =
    store /[^#*[ \t\n:\/][^ \t\n:\/]*/ . version?
      . field "socket" word . field "protocol" not_unix
  | store /\/[^ \t\n]*/
      . field "socket" word . field "protocol" /unix/

let wait = field "wait" /[^# \t\n\/.][^ \t\n\/.]*/
         . [ label "max" . del /[\/.]/ "." . store /[0-9]+/ ]?

let user = field "user" /[^# \t\n:.][^ \t\n:.]*/
         . [ label "group" . del /[:.]/ ":" . store /[^ \t\n:.]+/ ]?

let arguments = [ label "arguments" . counter "arg"
                  . [ seq "arg" . sep . store word ]+ ]

let line_comment = [ label "#comment" . del /[ \t]+#[ \t]*/ " # " . store text ]
                 | [ label "#comment" . del /[ \t]+#/ " #" ]

let fields = address? . endpoint . wait . user . field "command" word
           . arguments? . line_comment?

(* View: service
   Enabled (at column 0) or disabled ("#<off>#" prefix). Every blank
   inside the entry sits in a child node, so switching between the two
   branches keeps it: only the prefix is written anew. An entry may go on
   over continuation lines (a line starting with blanks, then a word not
   starting with "#"); disabling it prefixes its first line only, as
   update-inetd does, and openbsd-inetd skips the continuation lines of a
   disabled entry (checked with inetd -d). A line that starts with blanks
   is never an entry of its own: after a service it continues it, and
   after anything else it does not parse (inetd would read it as an entry;
   a lens cannot tell the two apart by what precedes). *)
let service = [ label "service"
                . ( fields
                  | del /#<off>#[ \t]*/ "#<off># "
                      . fields . [ label "disabled" ] )
                . eol ]

(* View: default_address  "ADDR:" alone on a line *)
let default_address = [ label "address" . store addr . del ":" ":" . eol ]

let lns = (comment | service | default_address | empty)*

(* View: services
   Service lines alone, one after another: deafen writes the entries it
   flags through it, read anew from their lines, and splices them into
   the file's text (inetd.c, render_inetd): it compiles in less than lns,
   which every aug_text_store and aug_text_retrieve does anew. *)
let services = service*
