(* Tests for Deafen_xinetd *)
module Test_deafen_xinetd =

let lns = Deafen_xinetd.lns

(* Group: Debian's default /etc/xinetd.conf *)

let debian_conf = "# Simple configuration file for xinetd
#
# Some defaults, and include /etc/xinetd.d/

defaults
{

# Please note that you need a log_type line to be able to use log_on_success
# and log_on_failure. The default is the following :
# log_type = SYSLOG daemon info

}

includedir /etc/xinetd.d
"

test lns get debian_conf =
  { "#comment" = "Simple configuration file for xinetd" }
  { "#comment" }
  { "#comment" = "Some defaults, and include /etc/xinetd.d/" }
  { "#empty" }
  { "defaults"
    { "#comment" = "Please note that you need a log_type line to be able to use log_on_success" }
    { "#comment" = "and log_on_failure. The default is the following :" }
    { "#comment" = "log_type = SYSLOG daemon info" } }
  { "#empty" }
  { "includedir" = "/etc/xinetd.d" }

test lns put debian_conf after set "defaults/log_type" "SYSLOG daemon info" =
"# Simple configuration file for xinetd
#
# Some defaults, and include /etc/xinetd.d/

defaults
{

# Please note that you need a log_type line to be able to use log_on_success
# and log_on_failure. The default is the following :
# log_type = SYSLOG daemon info
\tlog_type = SYSLOG daemon info

}

includedir /etc/xinetd.d
"

test lns get "defaults\n{\n\tlog_type = SYSLOG daemon info\n\tdisabled = telnet ftp\n}\ninclude /etc/xinetd.extra\n" =
  { "defaults"
    { "log_type" = "SYSLOG daemon info" }
    { "disabled" = "telnet ftp" } }
  { "include" = "/etc/xinetd.extra" }

(* Group: Red Hat /etc/xinetd.d/telnet *)

let telnet = "# default: on
# description: The telnet server serves telnet sessions; it uses \\
#\tunencrypted username/password pairs for authentication.
service telnet
{
\tflags\t\t= REUSE
\tsocket_type\t= stream
\twait\t\t= no
\tuser\t\t= root
\tserver\t\t= /usr/sbin/in.telnetd
\tlog_on_failure\t+= USERID
\tdisable\t\t= no
}
"

test lns get telnet =
  { "#comment" = "default: on" }
  { "#comment" = "description: The telnet server serves telnet sessions; it uses \\" }
  { "#comment" = "unencrypted username/password pairs for authentication." }
  { "service" = "telnet"
    { "flags" = "REUSE" }
    { "socket_type" = "stream" }
    { "wait" = "no" }
    { "user" = "root" }
    { "server" = "/usr/sbin/in.telnetd" }
    { "log_on_failure" = "USERID" { "op" = "+" } }
    { "disable" = "no" } }

(* (a) only "no" becomes "yes" *)
test lns put telnet after set "service[1]/disable" "yes" =
"# default: on
# description: The telnet server serves telnet sessions; it uses \\
#\tunencrypted username/password pairs for authentication.
service telnet
{
\tflags\t\t= REUSE
\tsocket_type\t= stream
\twait\t\t= no
\tuser\t\t= root
\tserver\t\t= /usr/sbin/in.telnetd
\tlog_on_failure\t+= USERID
\tdisable\t\t= yes
}
"

(* Group: the seed's wu-ftpd *)

let wu_ftpd = "# default: on
# description: The wu-ftpd FTP server serves FTP connections. It uses \\
#\tnormal, unencrypted usernames and passwords for authentication.
service ftp
{
\tsocket_type\t\t= stream
\twait\t\t\t= no
\tuser\t\t\t= root
\tserver\t\t\t= /usr/sbin/in.ftpd
\tserver_args\t\t= -l -a
\tlog_on_success\t\t+= DURATION USERID
\tlog_on_failure\t\t+= USERID
\tnice\t\t\t= 10
}
"

test lns get wu_ftpd =
  { "#comment" = "default: on" }
  { "#comment" = "description: The wu-ftpd FTP server serves FTP connections. It uses \\" }
  { "#comment" = "normal, unencrypted usernames and passwords for authentication." }
  { "service" = "ftp"
    { "socket_type" = "stream" }
    { "wait" = "no" }
    { "user" = "root" }
    { "server" = "/usr/sbin/in.ftpd" }
    { "server_args" = "-l -a" }
    { "log_on_success" = "DURATION USERID" { "op" = "+" } }
    { "log_on_failure" = "USERID" { "op" = "+" } }
    { "nice" = "10" } }

(* (b) no disable attribute: "\tdisable = yes" becomes the last line of the block *)
test lns put wu_ftpd after set "service[1]/disable" "yes" =
"# default: on
# description: The wu-ftpd FTP server serves FTP connections. It uses \\
#\tnormal, unencrypted usernames and passwords for authentication.
service ftp
{
\tsocket_type\t\t= stream
\twait\t\t\t= no
\tuser\t\t\t= root
\tserver\t\t\t= /usr/sbin/in.ftpd
\tserver_args\t\t= -l -a
\tlog_on_success\t\t+= DURATION USERID
\tlog_on_failure\t\t+= USERID
\tnice\t\t\t= 10
\tdisable = yes
}
"

(* Group: Debian's /etc/xinetd.d/echo, two blocks of one name *)

let echo = "# default: off
# description: An xinetd internal service which echo's characters back to
# clients.
# This is the tcp version.
service echo
{
\tdisable\t\t= yes
\ttype\t\t= INTERNAL
\tid\t\t= echo-stream
\tsocket_type\t= stream
\tprotocol\t= tcp
\tuser\t\t= root
\twait\t\t= no
}

# This is the udp version.
service echo
{
\tdisable\t\t= yes
\ttype\t\t= INTERNAL
\tid\t\t= echo-dgram
\tsocket_type\t= dgram
\tprotocol\t= udp
\tuser\t\t= root
\twait\t\t= yes
}
"

test lns get echo =
  { "#comment" = "default: off" }
  { "#comment" = "description: An xinetd internal service which echo's characters back to" }
  { "#comment" = "clients." }
  { "#comment" = "This is the tcp version." }
  { "service" = "echo"
    { "disable" = "yes" }
    { "type" = "INTERNAL" }
    { "id" = "echo-stream" }
    { "socket_type" = "stream" }
    { "protocol" = "tcp" }
    { "user" = "root" }
    { "wait" = "no" } }
  { "#empty" }
  { "#comment" = "This is the udp version." }
  { "service" = "echo"
    { "disable" = "yes" }
    { "type" = "INTERNAL" }
    { "id" = "echo-dgram" }
    { "socket_type" = "dgram" }
    { "protocol" = "udp" }
    { "user" = "root" }
    { "wait" = "yes" } }

(* (c) a change in the second block changes a line of the second block *)
test lns put echo after set "service[2]/disable" "no" =
"# default: off
# description: An xinetd internal service which echo's characters back to
# clients.
# This is the tcp version.
service echo
{
\tdisable\t\t= yes
\ttype\t\t= INTERNAL
\tid\t\t= echo-stream
\tsocket_type\t= stream
\tprotocol\t= tcp
\tuser\t\t= root
\twait\t\t= no
}

# This is the udp version.
service echo
{
\tdisable\t\t= no
\ttype\t\t= INTERNAL
\tid\t\t= echo-dgram
\tsocket_type\t= dgram
\tprotocol\t= udp
\tuser\t\t= root
\twait\t\t= yes
}
"

let echo_nodisable = "service echo
{
\tid\t\t= echo-stream
\tsocket_type\t= stream
}

service echo
{
\tid\t\t= echo-dgram
\tsocket_type\t= dgram
}
"

test lns put echo_nodisable after set "service[2]/disable" "yes" =
"service echo
{
\tid\t\t= echo-stream
\tsocket_type\t= stream
}

service echo
{
\tid\t\t= echo-dgram
\tsocket_type\t= dgram
\tdisable = yes
}
"

test lns put echo_nodisable after set "service[id='echo-dgram']/disable" "yes" ;
                                   set "service[id='echo-stream']/disable" "yes" =
"service echo
{
\tid\t\t= echo-stream
\tsocket_type\t= stream
\tdisable = yes
}

service echo
{
\tid\t\t= echo-dgram
\tsocket_type\t= dgram
\tdisable = yes
}
"

(* Group: attribute names as written, any attribute *)

let odd = "service swat {
    Disable\t\t= no
\tDISABLE = No
\trlimit_files = 1024
\tleaky_bucket = 10 30
\tserver_args =
\tonly_from -= 10.0.0.1 \t
\tbanner_fail=/etc/banner
  }
"

test lns get odd =
  { "service" = "swat"
    { "Disable" = "no" }
    { "DISABLE" = "No" }
    { "rlimit_files" = "1024" }
    { "leaky_bucket" = "10 30" }
    { "server_args" }
    { "only_from" = "10.0.0.1" { "op" = "-" } }
    { "banner_fail" = "/etc/banner" } }

test lns put odd after set "service/Disable" "yes" ; set "service/DISABLE" "Yes" =
"service swat {
    Disable\t\t= yes
\tDISABLE = Yes
\trlimit_files = 1024
\tleaky_bucket = 10 30
\tserver_args =
\tonly_from -= 10.0.0.1 \t
\tbanner_fail=/etc/banner
  }
"

test lns put odd after set "service/server_args" "-s" ; clear "service/rlimit_files" =
"service swat {
    Disable\t\t= no
\tDISABLE = No
\trlimit_files =
\tleaky_bucket = 10 30
\tserver_args = -s
\tonly_from -= 10.0.0.1 \t
\tbanner_fail=/etc/banner
  }
"

test lns put odd after rm "service/only_from/op" ; set "service/banner_fail/op" "+" =
"service swat {
    Disable\t\t= no
\tDISABLE = No
\trlimit_files = 1024
\tleaky_bucket = 10 30
\tserver_args =
\tonly_from = 10.0.0.1 \t
\tbanner_fail+=/etc/banner
  }
"

(* Group: layout of blocks, comments and blank lines *)

test lns get "  service  a  \n\n  {  \n\n# in block\n  #\n\tx = 1 # not a comment\n\n  }  \n\n\n" =
  { "service" = "a"
    { "#comment" = "in block" }
    { "#comment" }
    { "x" = "1 # not a comment" } }
  { "#empty" }
  { "#empty" }

(* outside the blocks, a blank line is a node without a label: at the
   start, in the middle and at the end of the file *)
test lns get "\n \t\n# a\n\nservice a\n{\n}\n\t\n\nincludedir /x\n\n" =
  { "#empty" }
  { "#empty" }
  { "#comment" = "a" }
  { "#empty" }
  { "service" = "a" }
  { "#empty" }
  { "#empty" }
  { "includedir" = "/x" }
  { "#empty" }

(* a new node goes at the end, after them; their blanks are kept *)
test lns put "\n \n" after set "#comment" "x" = "\n \n# x\n"
test lns put "\t\n# a\n" after set "#comment" "b" = "\t\n# b\n"

(* inside a block, blank lines make no node: they stay with the next
   line of the block, so "disable = yes" goes before the ones before "}" *)
test lns put "service a\n{\n\n}\n" after set "service/disable" "yes" =
  "service a\n{\n\tdisable = yes\n\n}\n"

(* blank lines around and in blocks: disabling changes one line of each
   block, or adds one, and nothing else moves *)
let spaced = "
 \t
service a
{

\tuser = root

\tdisable = no
}


  service b

{
\tuser = root

}
\t
"

test lns put spaced after set "service[1]/disable" "yes" ; set "service[2]/disable" "yes" =
"
 \t
service a
{

\tuser = root

\tdisable = yes
}


  service b

{
\tuser = root
\tdisable = yes

}
\t
"

test lns put "" after set "service" "new" ; set "service/disable" "yes" =
  "service new\n{\n\tdisable = yes\n}\n"

(* not xinetd *)
test lns get "service a\n{\n\tdisable = yes\n" = *
test lns get "service a\n{\n\tdisable yes\n}\n" = *
test lns get "service a\n{\n\t1x = yes\n}\n" = *
test lns get "service a\n{\n\tdisable = yes\n}" = *

(* Group: dir, the files of a directory in one text *)
let two_files = "@@deafen@@ echo
service echo
{
	disable = no
}

@@deafen@@ day time
# one
service daytime
{
	type = INTERNAL
}
"

test Deafen_xinetd.dir get two_files =
  { "echo" { "service" = "echo" { "disable" = "no" } } { "#empty" } }
  { "day time" { "#comment" = "one" } { "service" = "daytime" { "type" = "INTERNAL" } } }

test Deafen_xinetd.dir put two_files after
  set "echo/service/disable" "yes";
  set "day time/service/disable" "yes" =
"@@deafen@@ echo
service echo
{
	disable = yes
}

@@deafen@@ day time
# one
service daytime
{
	type = INTERNAL
	disable = yes
}
"

(* the marker line is no xinetd line: a file holding one does not parse *)
test lns get "@@deafen@@ x\n" = *

(* attributes: the lines deafen changed, alone; each keeps the blank lines
   before it, a new one is written from the defaults *)
test Deafen_xinetd.attributes put "\tdisable = no\n\n  Disable=no\n x += y\n" after
  set "disable" "yes";
  set "Disable" "yes";
  set "disable[2]" "yes" =
"\tdisable = yes\n\n  Disable=yes\n x += y\n\tdisable = yes\n"
