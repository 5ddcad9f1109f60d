(* Tests for Deafen_initheader: the header lines deafen cuts out of init scripts *)
module Test_deafen_initheader =

(* Group: dir, the cut headers of several scripts in one text *)

test Deafen_initheader.dir get "@@deafen@@ 0
### BEGIN INIT INFO
# Provides: ssh
### END INIT INFO
@@deafen@@ 1
@@deafen@@ 2
# chkconfig: 2345 55 25
# processname: sshd
" =
  { "@script" = "0" } { "lsb" { "Provides" = "ssh" } }
  { "@script" = "1" }
  { "@script" = "2" } { "chkconfig" { "levels" = "2345" } { "start" = "55" } { "stop" = "25" } }
  { "processname" = "sshd" }

test Deafen_initheader.dir get "@@deafen@@ 0
# chkconfig: on
" = *

(* Group: headers, one script's cut lines *)

test Deafen_initheader.headers get "# chkconfig: - 55 25
### BEGIN INIT INFO
# Provides: foo
#  more
### END INIT INFO
# pidfile: /run/foo.pid
" =
  { "chkconfig" { "levels" = "-" } { "start" = "55" } { "stop" = "25" } }
  { "lsb" { "Provides" = "foo" { "#cont" = "more" } } }
  { "pidfile" = "/run/foo.pid" }

(* an LSB block without its end does not parse *)
test Deafen_initheader.headers get "### BEGIN INIT INFO
# Provides: foo
exec foo
" = *
