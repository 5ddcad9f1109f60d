(*
Module: Deafen_unit
  Parses systemd unit files (NAME.service, .socket, .target, ...) for
  deafen, which only reads them: the enablement links, not the files, are
  what it changes.

  Why an own lens: deafen needs a few keys of [Install] (WantedBy,
  RequiredBy, Also, Alias), [Socket] (ListenStream, ListenDatagram, ...),
  [Service] (ExecStart) and [Unit] (Wants, Requires), each value whole as
  written; the stock Systemd lens splits values into words and environment
  assignments, and costs more to compile.

  Tree:
    { "Unit"                                  [Unit]
      { "Description" = "OpenBSD Secure Shell server" }
      { "ExecStart" } }                       ExecStart=   (empty: no value)
    { "Install"
      { "WantedBy" = "multi-user.target" } }

  A value continued on the next line by a final backslash is one value,
  backslash and newline included, as systemd reads it. Comment lines
  ("#" or ";" first) and blank lines make no node: they stay with the next
  entry (at the end of the file, with the file). A key repeats as often as
  the file says (ListenStream= twice: two nodes).
*)
module Deafen_unit =

let eol = del /[ \t]*\n/ "\n"

(* Variable: skip  blank and comment lines *)
let skip = del /([ \t]*([#;][^\n]*)?\n)*/ ""

(* Variable: value
   ends with a non-blank that is not a backslash, or goes on after
   "\<newline>" up to a line that does not end in one *)
let value = /[^ \t\n\\\\]|[^ \t\n][^\n]*[^ \t\n\\\\]/
          | /[^ \t\n][^\n]*\\\\\n([^\n]*\\\\\n)*[^\n]*[^ \t\n\\\\]/

let entry = [ skip . del /[ \t]*/ "" . key /[A-Za-z0-9_-]+/
              . del /[ \t]*=/ "=" . (del /[ \t]*/ "" . store value)? . eol ]

let section = [ skip . del "[" "[" . key /[^]\n]+/ . del "]" "]" . eol . entry* ]

let lns = section* . skip
