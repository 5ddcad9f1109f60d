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

(* Group: lsb_flat and redhat_flat, dir's text split in two, a node a line
   (src/headers.c groups them as dir does) *)

test Deafen_initheader.lsb_flat get "@@deafen@@ 0
### BEGIN INIT INFO
#  before any keyword
# Provides: ssh
#	more
# Default-Stop:
# chkconfig: 2345 55 25
#	pidfile: /run/sshd.pid
### END INIT INFO
@@deafen@@ 1
" =
  { "@script" = "0" }
  { "@begin" }
  { "#cont" = "before any keyword" }
  { "Provides" = "ssh" }
  { "#cont" = "more" }
  { "Default-Stop" }
  { "chkconfig" = "2345 55 25" }
  { "#cont" = "pidfile: /run/sshd.pid" }
  { "@end" }
  { "@script" = "1" }

(* a line of code does not parse, as with dir *)
test Deafen_initheader.lsb_flat get "@@deafen@@ 0
### BEGIN INIT INFO
exec foo
" = *

test Deafen_initheader.redhat_flat get "@@deafen@@ 0
# chkconfig: 2345 55 25
#	processname: sshd
" =
  { "@script" = "0" }
  { "chkconfig" { "levels" = "2345" } { "start" = "55" } { "stop" = "25" } }
  { "processname" = "sshd" }

(* a chkconfig line that is not one does not parse, as with dir *)
test Deafen_initheader.redhat_flat get "@@deafen@@ 0
# chkconfig: 2345 55
" = *
