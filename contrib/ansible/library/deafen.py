#!/usr/bin/python3
# -*- coding: utf-8 -*-
# deafen.py - Ansible module wrapping the deafen binary through --format json

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: deafen
short_description: Disable the network services of a host with deafen, or roll it back
description:
  - Runs the C(deafen) binary installed on the managed host, always with C(--format json).
  - C(state=applied) disables what the policy selects (inetd.conf entries, xinetd blocks,
    init script rc links, systemd unit links) with C(deafen apply), which writes a backup
    first. A second run with the same policy changes nothing and reports C(changed=false).
  - C(state=rolled_back) restores the newest backup (or I(backup)) with C(deafen rollback).
    Rolling back a backup that is already rolled back reports C(changed=false).
  - In check mode nothing is written; C(applied) runs C(deafen plan), C(rolled_back) reads
    C(deafen backups).
  - In diff mode the diff is the one C(deafen plan) prints, in git's format with paths
    relative to I(root).
version_added: "1.0"
options:
  root:
    description:
      - The root directory of the system to work on (C(deafen --root)).
      - Anything other than C(/) is an offline system, where deafen reloads and stops nothing live there.
    type: path
    default: /
  disable:
    description:
      - Names of services to disable (C(deafen --disable)).
      - May be given together with I(keep) or I(policy), as the command line allows.
    type: list
    elements: str
  keep:
    description:
      - Disable every enabled network service except these (C(deafen --keep)).
    type: list
    elements: str
  policy:
    description:
      - A policy file on the managed host, one C(keep NAME) or C(disable NAME) a line (C(deafen --policy)).
    type: path
  state:
    description:
      - C(applied) disables what the policy selects; C(rolled_back) restores a backup.
      - One of I(disable), I(keep) or I(policy) is required with C(applied).
    type: str
    choices: [applied, rolled_back]
    default: applied
  backup:
    description:
      - With C(state=rolled_back), the id of the backup to restore (C(deafen rollback ID));
        the newest backup when left out.
    type: str
  binary:
    description:
      - The deafen binary; looked up in C(PATH) when left out.
    type: path
  backup_dir:
    description:
      - Where backups are kept (C(deafen --backup-dir)); C(ROOT/var/backups/deafen) when left out.
      - Must be the same for C(applied) and C(rolled_back).
    type: path
  mask:
    description:
      - Mask systemd units instead of disabling them (C(deafen --mask)).
    type: bool
    default: false
  no_reload:
    description:
      - Change the files only; do not reload inetd/xinetd, stop daemons or rescan (C(deafen --no-reload)).
    type: bool
    default: false
notes:
  - Supports check mode and diff mode.
  - Needs deafen installed on the managed host; the module has no other dependency.
  - C(rolled_back) restores one backup, the newest (or I(backup)). After two applies with
    different policies, roll back twice with I(backup) set to each id, newest first.
  - Exit 4 of C(apply) (a port stayed open after the rescan) fails the task, with C(changed=true)
    and the backup id, since the files were changed.
author:
  - deafen contributors
'''

EXAMPLES = r'''
- name: Close every network service but ssh
  deafen:
    keep: [ssh]

- name: Disable telnet and the r-commands on a mounted image, files only
  deafen:
    root: /mnt/image
    disable: [telnet, rsh, rlogin, rexec]
    no_reload: true

- name: Apply a policy file shipped with the playbook
  block:
    - copy:
        src: deafen.policy
        dest: /etc/deafen.policy
        mode: "0644"
    - deafen:
        policy: /etc/deafen.policy

- name: Undo the newest apply
  deafen:
    state: rolled_back
'''

RETURN = r'''
backup:
  description:
    - C(applied) - the id of the backup apply wrote; null when nothing was to be done (and in check mode).
    - C(rolled_back) - the id of the backup restored (or that would be restored); null when there is none.
  returned: always
  type: str
  sample: 20261126T162606.366823Z
disabled:
  description: The services disabled (in check mode, those the plan would disable).
  returned: state=applied
  type: list
  elements: dict
  sample: [{"name": "telnet", "kind": "inetd",
            "where": {"file": "etc/inetd.conf", "line": 23, "link": null}}]
ports:
  description:
    - The sockets the disabled services held, as rescanned after the change (C(deafen apply)'s
      JSON C(ports)), each with C(port), C(proto), C(address), C(service), C(where) and C(open).
    - Empty on a root other than C(/), with I(no_reload), and in check mode.
  returned: when deafen ran apply or rollback
  type: list
  elements: dict
  sample: [{"port": 23, "proto": "tcp", "address": "0.0.0.0", "service": "telnet",
            "where": {"file": "etc/inetd.conf", "line": 23, "link": null}, "open": false}]
ports_closed:
  description: The entries of I(ports) that are closed (C(open) false).
  returned: state=applied, not in check mode
  type: list
  elements: dict
restored:
  description: C(rolled_back) - how many changes of the backup rollback restored (0 when already rolled back).
  returned: state=rolled_back, not in check mode
  type: int
  sample: 25
restored_files:
  description: C(rolled_back) - the files and links rollback put back, relative to the root.
  returned: state=rolled_back, not in check mode
  type: list
  elements: str
log:
  description: deafen's own report lines (what was disabled, backup, reloads, ports).
  returned: when deafen ran apply or rollback
  type: list
  elements: str
diff:
  description: In diff mode, the plan's diff (C(deafen plan)'s stdout) under C(prepared).
  returned: diff mode, state=applied
  type: dict
  sample: {"prepared": "diff --git a/etc/inetd.conf b/etc/inetd.conf\n..."}
cmd:
  description: The last deafen command run.
  returned: always
  type: list
  elements: str
rc:
  description: deafen's exit status.
  returned: failure
  type: int
  sample: 2
stderr:
  description: deafen's stderr.
  returned: failure
  type: str
'''

import json

from ansible.module_utils.basic import AnsibleModule

# README "Exit status"
EXIT_STILL_OPEN = 4



class Deafen(object):
    def __init__(self, module):
        self.module = module
        p = module.params
        if p['binary']:
            self.binary = p['binary']
        else:
            self.binary = module.get_bin_path('deafen', required=True)
        self.base = [self.binary, '--root', p['root'], '--format', 'json']
        if p['backup_dir']:
            self.base += ['--backup-dir', p['backup_dir']]
        self.last_cmd = None

    def policy_args(self):
        p = self.module.params
        args = []
        if p['disable']:
            args += ['--disable', ','.join(p['disable'])]
        if p['keep']:
            args += ['--keep', ','.join(p['keep'])]
        if p['policy']:
            args += ['--policy', p['policy']]
        if p['mask']:
            args += ['--mask']
        return args

    def run(self, args, ok=(0,)):
        """Runs deafen ARGS; returns (rc, parsed JSON or None, stderr).
        Fails the task on an exit status not in OK."""
        cmd = self.base + args
        self.last_cmd = cmd
        rc, out, err = self.module.run_command(cmd)
        if rc not in ok:
            self.fail(rc, out, err)
        try:
            data = json.loads(out)
        except ValueError:
            self.module.fail_json(msg='deafen printed no JSON object', rc=rc, cmd=cmd,
                                  stdout=out, stderr=err)
        return rc, data, err

    def fail(self, rc, out, err, **extra):
        self.module.fail_json(msg=message(err, rc), rc=rc, cmd=self.last_cmd,
                              stdout=out, stderr=err, **extra)


def message(err, rc):
    """deafen's own message: the last 'deafen: ' line of its stderr (main prints
    the fatal error last, after any notes; a valgrind prefix writes other lines)."""
    lines = [l for l in err.splitlines() if l.startswith('deafen: ')]
    if lines:
        return lines[-1]
    return 'deafen exited with status %d' % rc


def applied(module, d):
    p = module.params
    result = dict(changed=False, backup=None, disabled=[])
    policy = d.policy_args()

    plan = None
    if module.check_mode or module._diff:
        rc, plan, err = d.run(['plan'] + policy)
        result['disabled'] = plan.get('disable', [])
        result['changed'] = bool(plan.get('disable')) or bool(plan.get('diff'))
        if module._diff:
            result['diff'] = dict(prepared=plan.get('diff', ''))
    if module.check_mode:
        result['cmd'] = d.last_cmd
        module.exit_json(**result)

    args = ['apply'] + policy
    if p['no_reload']:
        args.append('--no-reload')
    rc, data, err = d.run(args, ok=(0, EXIT_STILL_OPEN))
    ports = data.get('ports') or []
    result.update(
        backup=data.get('backup'),
        disabled=data.get('disabled') or [],
        ports=ports,
        ports_closed=[x for x in ports if x.get('open') is False],
        log=data.get('log') or [],
        cmd=d.last_cmd,
    )
    result['changed'] = result['backup'] is not None
    if rc == EXIT_STILL_OPEN:
        still = [l for l in result['log'] if l.startswith('STILL OPEN')]
        msg = message(err, rc)
        if still:
            msg += ': ' + '; '.join(still)
        result.pop('cmd')
        module.fail_json(msg=msg, rc=rc, cmd=d.last_cmd, stderr=err, **result)
    module.exit_json(**result)


def rolled_back(module, d):
    p = module.params
    rc, data, err = d.run(['backups'])
    backups = data.get('backups') or []
    if p['backup']:
        chosen = [b for b in backups if b.get('id') == p['backup']]
        if not chosen:
            module.fail_json(msg="deafen: backup %s: no such backup" % p['backup'],
                             rc=1, cmd=d.last_cmd, backups=backups)
        target = chosen[0]
    elif backups:
        target = max(backups, key=lambda b: b.get('id', ''))
    else:
        module.exit_json(changed=False, backup=None, cmd=d.last_cmd,
                         msg='no deafen backup under this root: nothing to roll back')

    state = target.get('state', '')
    if module.check_mode:
        # What rollback would do, from the backup's recorded state. rollback itself
        # looks at every file and link, so this is a prediction.
        would = not (state.startswith('rolled back') or state.startswith('incomplete'))
        module.exit_json(changed=would, backup=target.get('id'), backup_state=state,
                         cmd=d.last_cmd)

    # the backup chosen above, by its id: deafen rollback without one takes the newest
    # not rolled back yet, which would make a second run roll back an older apply
    args = ['rollback', target.get('id')]
    if p['no_reload']:
        args.append('--no-reload')
    rc, data, err = d.run(args, ok=(0, EXIT_STILL_OPEN))
    log = data.get('log') or []
    # format_version 1: restored lists what was put back, changed counts it
    files = data.get('restored') or []
    restored = data.get('changed')
    if restored is None:
        restored = len(files)
    result = dict(changed=restored > 0, backup=data.get('backup'), restored=restored,
                  restored_files=files,
                  ports=data.get('ports') or [], log=log)
    if rc == EXIT_STILL_OPEN:
        notback = [l for l in log if l.startswith('NOT open again')]
        msg = message(err, rc)
        if notback:
            msg += ': ' + '; '.join(notback)
        module.fail_json(msg=msg, rc=rc, cmd=d.last_cmd, stderr=err, **result)
    module.exit_json(cmd=d.last_cmd, **result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            root=dict(type='path', default='/'),
            disable=dict(type='list', elements='str'),
            keep=dict(type='list', elements='str'),
            policy=dict(type='path'),
            state=dict(type='str', default='applied', choices=['applied', 'rolled_back']),
            backup=dict(type='str'),
            binary=dict(type='path'),
            backup_dir=dict(type='path'),
            mask=dict(type='bool', default=False),
            no_reload=dict(type='bool', default=False),
        ),
        required_if=[('state', 'applied', ('disable', 'keep', 'policy'), True)],
        supports_check_mode=True,
    )
    p = module.params
    if p['state'] == 'applied' and not (p['disable'] or p['keep'] or p['policy']):
        module.fail_json(msg='state=applied needs a policy: disable, keep or policy')
    d = Deafen(module)
    if p['state'] == 'applied':
        applied(module, d)
    else:
        rolled_back(module, d)


if __name__ == '__main__':
    main()
