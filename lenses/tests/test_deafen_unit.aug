(* Tests for Deafen_unit *)
module Test_deafen_unit =

let lns = Deafen_unit.lns

(* Group: Debian 12's ssh.service *)
let ssh = "[Unit]
Description=OpenBSD Secure Shell server
Documentation=man:sshd(8) man:sshd_config(5)
After=network.target auditd.service
ConditionPathExists=!/etc/ssh/sshd_not_to_be_run

[Service]
EnvironmentFile=-/etc/default/ssh
ExecStartPre=/usr/sbin/sshd -t
ExecStart=/usr/sbin/sshd -D $SSHD_OPTS
KillMode=process
Restart=on-failure
RuntimeDirectory=sshd

[Install]
WantedBy=multi-user.target
Alias=sshd.service
"

test lns get ssh =
  { "Unit"
    { "Description" = "OpenBSD Secure Shell server" }
    { "Documentation" = "man:sshd(8) man:sshd_config(5)" }
    { "After" = "network.target auditd.service" }
    { "ConditionPathExists" = "!/etc/ssh/sshd_not_to_be_run" } }
  { "Service"
    { "EnvironmentFile" = "-/etc/default/ssh" }
    { "ExecStartPre" = "/usr/sbin/sshd -t" }
    { "ExecStart" = "/usr/sbin/sshd -D $SSHD_OPTS" }
    { "KillMode" = "process" }
    { "Restart" = "on-failure" }
    { "RuntimeDirectory" = "sshd" } }
  { "Install"
    { "WantedBy" = "multi-user.target" }
    { "Alias" = "sshd.service" } }

(* Group: comments, blanks, repeated and empty keys, no final section *)
let socket = "#  SPDX-License-Identifier: LGPL-2.1-or-later
; another comment

[Socket]
ListenStream=631
  ListenStream = [::1]:631
ListenDatagram=0.0.0.0:5353
# the daemon resets it
ExecStartPre=
BindIPv6Only=both\t

[Install]
WantedBy=sockets.target
"

test lns get socket =
  { "Socket"
    { "ListenStream" = "631" }
    { "ListenStream" = "[::1]:631" }
    { "ListenDatagram" = "0.0.0.0:5353" }
    { "ExecStartPre" }
    { "BindIPv6Only" = "both" } }
  { "Install" { "WantedBy" = "sockets.target" } }

test lns put socket after set "Install/Also" "cups.path" =
"#  SPDX-License-Identifier: LGPL-2.1-or-later
; another comment

[Socket]
ListenStream=631
  ListenStream = [::1]:631
ListenDatagram=0.0.0.0:5353
# the daemon resets it
ExecStartPre=
BindIPv6Only=both\t

[Install]
WantedBy=sockets.target
Also=cups.path
"

(* Group: continuation lines *)
test lns get "[Service]\nExecStart=/bin/sh -c \\\n  'echo hi'\nType=oneshot\n" =
  { "Service"
    { "ExecStart" = "/bin/sh -c \\\n  'echo hi'" }
    { "Type" = "oneshot" } }

(* a continued value needs a last line: systemd would read on *)
test lns get "[Service]\nExecStart=/bin/true \\\n\nType=oneshot\n" = *

(* a trailing comment at the end of the file, and no final newline is an error *)
test lns get "[Unit]\nA=b\n# end\n\n" = { "Unit" { "A" = "b" } }
test lns get "[Unit]\nA=b" = *

(* Group: what is not a unit file *)
test lns get "A=b\n" = *
test lns get "[Unit\nA=b\n" = *
test lns get "[Unit]\nno equals sign\n" = *
