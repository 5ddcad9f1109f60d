(* Tests for Deafen_initscript *)
module Test_deafen_initscript =

let lns = Deafen_initscript.lns

(* Group: Debian /etc/init.d/ssh, tabs after the colons *)

let ssh = "#! /bin/sh

### BEGIN INIT INFO
# Provides:\t\tsshd
# Required-Start:\t$remote_fs $syslog
# Required-Stop:\t$remote_fs $syslog
# Default-Start:\t2 3 4 5
# Default-Stop:\t\t
# Short-Description:\tOpenBSD Secure Shell server
### END INIT INFO

set -e

# /etc/init.d/ssh: start and stop the OpenBSD \"secure shell(tm)\" daemon

test -x /usr/sbin/sshd || exit 0
( /usr/sbin/sshd -\\? 2>&1 | grep -q OpenSSH ) 2>/dev/null || exit 0

umask 022

if test -f /etc/default/ssh; then
    . /etc/default/ssh
fi

. /lib/lsb/init-functions
# Are we running from init?
run_by_init() {
    ([ \"$previous\" ] && [ \"$runlevel\" ]) || [ \"$runlevel\" = S ]
}
exit 0
"

(* each line that makes no header node is a node without a label *)
test lns get ssh =
  { } { }
  { "lsb"
    { "Provides" = "sshd" }
    { "Required-Start" = "$remote_fs $syslog" }
    { "Required-Stop" = "$remote_fs $syslog" }
    { "Default-Start" = "2 3 4 5" }
    { "Default-Stop" }
    { "Short-Description" = "OpenBSD Secure Shell server" } }
  { } { } { } { } { } { } { } { } { } { }
  { } { } { } { } { } { } { } { } { } { }

(* only the Provides line changes, the body stays *)
test lns put ssh after set "lsb/Provides" "sshd ssh" =
"#! /bin/sh

### BEGIN INIT INFO
# Provides:\t\tsshd ssh
# Required-Start:\t$remote_fs $syslog
# Required-Stop:\t$remote_fs $syslog
# Default-Start:\t2 3 4 5
# Default-Stop:\t\t
# Short-Description:\tOpenBSD Secure Shell server
### END INIT INFO

set -e

# /etc/init.d/ssh: start and stop the OpenBSD \"secure shell(tm)\" daemon

test -x /usr/sbin/sshd || exit 0
( /usr/sbin/sshd -\\? 2>&1 | grep -q OpenSSH ) 2>/dev/null || exit 0

umask 022

if test -f /etc/default/ssh; then
    . /etc/default/ssh
fi

. /lib/lsb/init-functions
# Are we running from init?
run_by_init() {
    ([ \"$previous\" ] && [ \"$runlevel\" ]) || [ \"$runlevel\" = S ]
}
exit 0
"

(* a value for an empty keyword: ": " then the value; the trailing tabs stay *)
test lns put ssh after set "lsb/Default-Stop" "0 1 6" =
"#! /bin/sh

### BEGIN INIT INFO
# Provides:\t\tsshd
# Required-Start:\t$remote_fs $syslog
# Required-Stop:\t$remote_fs $syslog
# Default-Start:\t2 3 4 5
# Default-Stop: 0 1 6\t\t
# Short-Description:\tOpenBSD Secure Shell server
### END INIT INFO
" . "
set -e

# /etc/init.d/ssh: start and stop the OpenBSD \"secure shell(tm)\" daemon

test -x /usr/sbin/sshd || exit 0
( /usr/sbin/sshd -\\? 2>&1 | grep -q OpenSSH ) 2>/dev/null || exit 0

umask 022

if test -f /etc/default/ssh; then
    . /etc/default/ssh
fi

. /lib/lsb/init-functions
# Are we running from init?
run_by_init() {
    ([ \"$previous\" ] && [ \"$runlevel\" ]) || [ \"$runlevel\" = S ]
}
exit 0
"
test lns put "### BEGIN INIT INFO\n# Default-Stop:\n### END INIT INFO\n"
  after set "lsb/Default-Stop" "0 1 6" =
  "### BEGIN INIT INFO\n# Default-Stop: 0 1 6\n### END INIT INFO\n"
test lns put "### BEGIN INIT INFO\n# Default-Stop: 0 1 6\n### END INIT INFO\n"
  after clear "lsb/Default-Stop" =
  "### BEGIN INIT INFO\n# Default-Stop:\n### END INIT INFO\n"

(* Group: Debian scripts *)

(* Default-Start: S, empty keywords, LSB block after code *)
let procps = "#! /bin/sh
# kFreeBSD do not accept scripts as interpreters, using #!/bin/sh and sourcing.
if [ true != \"$INIT_D_SCRIPT_SOURCED\" ] ; then
    set \"$0\" \"$@\"; INIT_D_SCRIPT_SOURCED=true . /lib/init/init-d-script
fi
### BEGIN INIT INFO
# Provides:          procps
# Required-Start:    mountkernfs $local_fs
# Required-Stop:
# Should-Start:      udev module-init-tools
# X-Start-Before:    $network
# Default-Start:     S
# Default-Stop:
# Short-Description: Configure kernel parameters at boottime
# Description:  Loads kernel parameters that are specified in /etc/sysctl.conf
### END INIT INFO
#
# written by Elrond <Elrond@Wunder-Nett.org>

DESC=\"Setting kernel variables\"
"

test lns get procps =
  { } { } { } { } { }
  { "lsb"
    { "Provides" = "procps" }
    { "Required-Start" = "mountkernfs $local_fs" }
    { "Required-Stop" }
    { "Should-Start" = "udev module-init-tools" }
    { "X-Start-Before" = "$network" }
    { "Default-Start" = "S" }
    { "Default-Stop" }
    { "Short-Description" = "Configure kernel parameters at boottime" }
    { "Description" = "Loads kernel parameters that are specified in /etc/sysctl.conf" } }
  { } { } { } { }

test lns put procps after set "lsb/Default-Start" "2 3 4 5" =
"#! /bin/sh
# kFreeBSD do not accept scripts as interpreters, using #!/bin/sh and sourcing.
if [ true != \"$INIT_D_SCRIPT_SOURCED\" ] ; then
    set \"$0\" \"$@\"; INIT_D_SCRIPT_SOURCED=true . /lib/init/init-d-script
fi
### BEGIN INIT INFO
# Provides:          procps
# Required-Start:    mountkernfs $local_fs
# Required-Stop:
# Should-Start:      udev module-init-tools
# X-Start-Before:    $network
# Default-Start:     2 3 4 5
# Default-Stop:
# Short-Description: Configure kernel parameters at boottime
# Description:  Loads kernel parameters that are specified in /etc/sysctl.conf
### END INIT INFO
#
# written by Elrond <Elrond@Wunder-Nett.org>

DESC=\"Setting kernel variables\"
"

(* several names; a Description with continuation lines *)
let rpcbind = "#!/bin/sh
### BEGIN INIT INFO
# Provides:          rpcbind portmap
# Required-Start:    $network $local_fs
# Required-Stop:     $network $local_fs
# Default-Start:     S
# Default-Stop:      0 1 6
# Short-Description: RPC portmapper replacement
# Description:       rpcbind is a server that converts RPC (Remote
#                    Procedure Call) program numbers into DARPA
#\tprotocol port numbers.
### END INIT INFO
"

test lns get rpcbind =
  { }
  { "lsb"
    { "Provides" = "rpcbind portmap" }
    { "Required-Start" = "$network $local_fs" }
    { "Required-Stop" = "$network $local_fs" }
    { "Default-Start" = "S" }
    { "Default-Stop" = "0 1 6" }
    { "Short-Description" = "RPC portmapper replacement" }
    { "Description" = "rpcbind is a server that converts RPC (Remote"
      { "#cont" = "Procedure Call) program numbers into DARPA" }
      { "#cont" = "protocol port numbers." } } }

test lns put rpcbind after set "lsb/Description/#cont[2]" "protocol numbers." =
"#!/bin/sh
### BEGIN INIT INFO
# Provides:          rpcbind portmap
# Required-Start:    $network $local_fs
# Required-Stop:     $network $local_fs
# Default-Start:     S
# Default-Stop:      0 1 6
# Short-Description: RPC portmapper replacement
# Description:       rpcbind is a server that converts RPC (Remote
#                    Procedure Call) program numbers into DARPA
#\tprotocol numbers.
### END INIT INFO
"

(* lines of the block that make no node *)
test lns get "### BEGIN INIT INFO  \n#\n#\tleading\n# Provides: a\n#\n# not a keyword\n\n#Provides: b\n#  more\n# X-Interactive: true\n#\n### END INIT INFO \n" =
  { "lsb"
    { "#cont" = "leading" }
    { "Provides" = "a"
      { "#cont" = "more" } }
    { "X-Interactive" = "true" } }

(* Group: Red Hat scripts *)

let rh_sshd = "#!/bin/bash
#
# sshd\t\tStart up the OpenSSH server daemon
#
# chkconfig: 2345 55 25
# description: SSH is a protocol for secure remote shell access. \\
#              This service starts up the OpenSSH server daemon.
#
# processname: sshd
# config: /etc/ssh/ssh_host_key
# config: /etc/ssh/ssh_host_key.pub
# config: /etc/ssh/ssh_random_seed
# config: /etc/ssh/sshd_config
# pidfile: /var/run/sshd.pid

# source function library
. /etc/rc.d/init.d/functions

# pull in sysconfig settings
[ -f /etc/sysconfig/sshd ] && . /etc/sysconfig/sshd

RETVAL=0
prog=\"sshd\"
"

test lns get rh_sshd =
  { } { } { } { }
  { "chkconfig" { "levels" = "2345" } { "start" = "55" } { "stop" = "25" } }
  { } { } { }
  { "processname" = "sshd" }
  { "config" = "/etc/ssh/ssh_host_key" }
  { "config" = "/etc/ssh/ssh_host_key.pub" }
  { "config" = "/etc/ssh/ssh_random_seed" }
  { "config" = "/etc/ssh/sshd_config" }
  { "pidfile" = "/var/run/sshd.pid" }
  { } { } { } { } { } { } { } { } { }

test lns put rh_sshd after set "chkconfig/start" "99" ; set "pidfile" "/run/sshd.pid" =
"#!/bin/bash
#
# sshd\t\tStart up the OpenSSH server daemon
#
# chkconfig: 2345 99 25
# description: SSH is a protocol for secure remote shell access. \\
#              This service starts up the OpenSSH server daemon.
#
# processname: sshd
# config: /etc/ssh/ssh_host_key
# config: /etc/ssh/ssh_host_key.pub
# config: /etc/ssh/ssh_random_seed
# config: /etc/ssh/sshd_config
# pidfile: /run/sshd.pid

# source function library
. /etc/rc.d/init.d/functions

# pull in sysconfig settings
[ -f /etc/sysconfig/sshd ] && . /etc/sysconfig/sshd

RETVAL=0
prog=\"sshd\"
"

(* "-": no default levels; blanks vary *)
let rh_httpd = "#!/bin/bash
#
# httpd        Startup script for the Apache HTTP Server
#
# chkconfig: - 85 15
# description: The Apache HTTP Server is an efficient and extensible  \\
#\t       server implementing the current HTTP standards.
# processname: httpd
# config: /etc/httpd/conf/httpd.conf
# config: /etc/sysconfig/httpd
# pidfile: /var/run/httpd/httpd.pid
#
### BEGIN INIT INFO
# Provides: httpd
# Required-Start: $local_fs $remote_fs $network $named
# Required-Stop: $local_fs $remote_fs $network
# Should-Start: distcache
# Short-Description: start and stop Apache HTTP Server
# Description: The Apache HTTP Server is an extensible server
#  implementing the current HTTP standards.
### END INIT INFO

# Source function library.
. /etc/rc.d/init.d/functions
"

test lns get rh_httpd =
  { } { } { } { }
  { "chkconfig" { "levels" = "-" } { "start" = "85" } { "stop" = "15" } }
  { } { }
  { "processname" = "httpd" }
  { "config" = "/etc/httpd/conf/httpd.conf" }
  { "config" = "/etc/sysconfig/httpd" }
  { "pidfile" = "/var/run/httpd/httpd.pid" }
  { }
  { "lsb"
    { "Provides" = "httpd" }
    { "Required-Start" = "$local_fs $remote_fs $network $named" }
    { "Required-Stop" = "$local_fs $remote_fs $network" }
    { "Should-Start" = "distcache" }
    { "Short-Description" = "start and stop Apache HTTP Server" }
    { "Description" = "The Apache HTTP Server is an extensible server"
      { "#cont" = "implementing the current HTTP standards." } } }
  { } { } { }

test lns put rh_httpd after set "chkconfig/levels" "345" ; set "lsb/Provides" "httpd apache" =
"#!/bin/bash
#
# httpd        Startup script for the Apache HTTP Server
#
# chkconfig: 345 85 15
# description: The Apache HTTP Server is an efficient and extensible  \\
#\t       server implementing the current HTTP standards.
# processname: httpd
# config: /etc/httpd/conf/httpd.conf
# config: /etc/sysconfig/httpd
# pidfile: /var/run/httpd/httpd.pid
#
### BEGIN INIT INFO
# Provides: httpd apache
# Required-Start: $local_fs $remote_fs $network $named
# Required-Stop: $local_fs $remote_fs $network
# Should-Start: distcache
# Short-Description: start and stop Apache HTTP Server
# Description: The Apache HTTP Server is an extensible server
#  implementing the current HTTP standards.
### END INIT INFO

# Source function library.
. /etc/rc.d/init.d/functions
"

(* blanks and tabs in chkconfig lines, "#" without a blank *)
test lns get "#chkconfig:\t345   20\t80  \n#\tpidfile:/run/a.pid\n# config:\n" =
  { "chkconfig" { "levels" = "345" } { "start" = "20" } { "stop" = "80" } }
  { "pidfile" = "/run/a.pid" }
  { "config" }

(* Group: lines that make no node *)

let plain = "#!/bin/sh
# description: not parsed \\
#              config files: not a header either
# Config: upper case
# myconfig: other word
# chkconfig2: other word
# chkconfig
## BEGIN INIT INFO
### BEGIN INIT INFO is not alone
### END INIT INFO
###########
	# chkconfig: 2345 10 90 (indented: not a header)
case \"$1\" in
  start) echo start ;;
esac

exit 0
"

(* no node: a value set for every header label is a new line at the end
   (an existing node would be changed in place instead) *)
test lns put plain after
    set "chkconfig/levels" "2345" ; set "chkconfig/start" "10" ;
    set "chkconfig/stop" "90" ; set "processname" "x" ; set "config" "y" ;
    set "pidfile" "z" ; set "lsb/Provides" "p" =
  plain . "# chkconfig: 2345 10 90
# processname: x
# config: y
# pidfile: z
### BEGIN INIT INFO
# Provides: p
### END INIT INFO
"
(* but "#", blanks, "config:" is a header line wherever it is *)
test lns get "# description: x \\\n#   config: /etc/y\n" = { } { "config" = "/etc/y" }
test lns put "" after set "processname" "x" = "# processname: x\n"

(* the last line must end with a newline (aug_load adds a missing one) *)
test lns get "#!/bin/sh\nexit 0" = *
test lns get "#!/bin/sh\nexit 0\n" = { } { }
test lns get "#!/bin/sh\n# config: /etc/x" = *
test lns put "#!/bin/sh\n\nexit 0\n" after set "config" "/etc/x" =
  "#!/bin/sh\n\nexit 0\n# config: /etc/x\n"

(* words and "##" lines next to the header ones make no node either *)
test lns get "# chkconfi: x\n# chkconfigs: x\n#confi: x\n# configx: y\n#pidfil:\n#\tpidfilex: z\n# processnam: a\n# processnamex: b\n#  c: d\n#p: e\n# description:x\n# config /etc/x\n# pidfile\n# config: /c\n" =
  { } { } { } { } { } { } { } { } { } { }
  { } { } { }
  { "config" = "/c" }
test lns get "### BEGIN INIT INF\n### BEGIN INIT INFOx\n### BEGIN INIT INFO \tx\n### BEGIN  INIT INFO\n####\n##\n## BEGIN INIT INFO\n#### BEGIN INIT INFO\n# config: /c\n" =
  { } { } { } { } { } { } { } { }
  { "config" = "/c" }
test lns put "# configx: y\n### BEGIN INIT INFO x\n" after set "config" "/c" =
  "# configx: y\n### BEGIN INIT INFO x\n# config: /c\n"

(* blank lines and code at the start, in the middle and at the end *)
let spaced = "\n \t\n# config: /a\n\nx=1\n# pidfile: /p\n### BEGIN INIT INFO\n\n# Provides: p\n\n### END INIT INFO\n\n\t\n"

test lns get spaced =
  { } { }
  { "config" = "/a" }
  { } { }
  { "pidfile" = "/p" }
  { "lsb" { "Provides" = "p" } }
  { } { }

(* changing values changes their lines only *)
test lns put spaced after set "config" "/b" ; set "pidfile" "/q" ; set "lsb/Provides" "q" =
  "\n \t\n# config: /b\n\nx=1\n# pidfile: /q\n### BEGIN INIT INFO\n\n# Provides: q\n\n### END INIT INFO\n\n\t\n"

(* Group: scripts that do not parse *)

test lns get "#!/bin/sh\n### BEGIN INIT INFO\n# Provides: a\nexit 0\n" = *
test lns get "#!/bin/sh\n# chkconfig: on\n" = *
test lns get "### BEGIN INIT INFO\n#  cont\n# Provides: a\n#wrong\n" = *
test lns get "#!/bin/sh\n#\tprocessname: a b\n# pidfile x\n#config:\n# chkconfig:2345 10\n" = *
