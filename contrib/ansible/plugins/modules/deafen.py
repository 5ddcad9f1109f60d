#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: deafen contributors
# deafen.py - the network services a host runs, declared: the policy holds
# (applied), a backup restored (rolled_back), or drift reported (verified)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: deafen
short_description: Close the network services a host does not need, with deafen
description:
  - Runs the C(deafen) binary installed on the managed host, always with C(--format json),
    and makes the host's network services what the task declares.
  - C(state=applied) (the default) makes the policy hold - what I(disable), I(keep) or
    I(policy) selects is disabled (inetd.conf entries, xinetd blocks, init script links,
    systemd unit links) by C(deafen apply), which writes a backup first - and turns the
    services of I(enable) back on with C(deafen enable). A second run finds nothing to do
    and reports C(changed=false).
  - C(state=rolled_back) restores a backup (I(backup), the newest by default) with
    C(deafen rollback); a backup already rolled back is C(changed=false).
  - C(state=verified) changes nothing - it runs C(deafen verify) and returns in I(drift)
    every service the policy disables that would start again at the next boot (a package
    brought it back); the task fails when there is drift, unless I(fail_on_drift=false).
  - Check mode writes nothing - C(applied) runs C(deafen plan) (and C(deafen plan --enable)),
    C(rolled_back) reads C(deafen backups).
  - Diff mode returns the diff C(deafen plan) prints, in git's format with paths
    relative to I(root).
version_added: "1.0.0"
author:
  - deafen contributors (!UNKNOWN)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - deafen.hardening.deafen
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details:
      - C(state=applied) only; the diff is C(deafen plan)'s, and the saved policy file's
        when I(save_policy) changes it.
  platform:
    platforms: posix
    details:
      - Linux hosts with deafen installed (C(make install)); it reads C(/proc) for its rescans.
options:
  state:
    description:
      - C(applied) - the policy holds on the host and the services of I(enable) are on.
        With none of I(disable), I(keep), I(policy) and I(enable), the policy saved on the
        host (I(save_policy)) is applied.
      - C(rolled_back) - the backup I(backup) is restored.
      - C(verified) - report the drift from the policy (the given one, else the saved one,
        else the newest backup's); never changes anything.
    type: str
    choices: [applied, rolled_back, verified]
    default: applied
  disable:
    description:
      - Names of services to disable (C(deafen --disable)).
      - A name that is a service on the root selects it; another name expands as C(deafen)
        says (a family word, an C(/etc/services) name, a port number).
    type: list
    elements: str
  keep:
    description:
      - Disable every enabled network service except these (C(deafen --keep)); the access
        services (ssh) and what kept services need stay too.
      - The services of I(enable) are kept as well.
    type: list
    elements: str
  policy:
    description:
      - A policy file on the managed host, one C(keep NAME) or C(disable NAME) a line, and
        C(mask) alone on a line for I(mask) (C(deafen --policy)).
    type: path
  enable:
    description:
      - Names of services to turn back on (C(deafen enable --unmask)), the way their own tools
        do it (C(update-inetd --enable), C(update-rc.d enable), C(systemctl enable)).
      - A name already on changes nothing. Daemons are not started; inetd and xinetd are reloaded.
      - With I(disable) or I(policy), a service both would disable and this would enable is an
        error, since each run would undo the other.
    type: list
    elements: str
  mask:
    description:
      - Mask systemd units (a link to C(/dev/null), as C(systemctl mask)) instead of disabling them
        (C(deafen apply --mask)).
    type: bool
    default: false
  save_policy:
    description:
      - Record the policy in C(ROOT/etc/deafen/policy) (C(deafen apply --save-policy)), where
        C(state=verified), the apt hook and a later C(state=applied) without a policy find it.
      - The task is C(changed) when the saved file changes, even with nothing to disable.
    type: bool
    default: false
  reload:
    description:
      - Reload inetd and xinetd, stop the daemons of disabled services and rescan the ports
        after the change. C(false) changes the files only (C(--no-reload)).
    type: bool
    default: true
  confirm_timeout:
    description:
      - How long the rescan waits for the ports to close (or, after a rollback, to open again),
        in seconds (C(--confirm-timeout)); deafen's default is 5.
    type: float
  backup:
    description:
      - With C(state=rolled_back), the id of the backup to restore, or C(latest) for the newest
        backup of the root.
    type: str
    default: latest
  fail_on_drift:
    description:
      - With C(state=verified), fail the task when drift is found. C(false) reports it in
        I(drift) and succeeds.
    type: bool
    default: true
notes:
  - Give the same I(backup_dir) (if any) to C(applied) and C(rolled_back).
  - Exit 4 of C(deafen apply) (a port stayed open after the rescan) fails the task, with
    C(changed=true) and the backup id, since the files were changed.
  - A task with both a policy and I(enable) may write two backups (I(backups)); rolling the
    task back means rolling back both, newest first.
  - C(deafen enable) adds C(keep) rules to a saved policy for what it turns on, so that
    C(state=verified) does not call that drift.
seealso:
  - module: deafen.hardening.deafen_info
'''

EXAMPLES = r'''
- name: Close every network service but ssh, and remember the policy
  deafen.hardening.deafen:
    keep: [ssh]
    save_policy: true

- name: Disable telnet and the r-commands on a mounted image, files only
  deafen.hardening.deafen:
    root: /mnt/image
    disable: [telnet, rsh, rlogin, rexec]
    reload: false

- name: Mask the units instead of disabling them, and wait longer for the ports
  deafen.hardening.deafen:
    disable: [cups, avahi-daemon]
    mask: true
    confirm_timeout: 15

- name: Turn one service back on
  deafen.hardening.deafen:
    enable: [printer]

- name: Fail when a package brought a disabled service back
  deafen.hardening.deafen:
    state: verified

- name: Report drift without failing
  deafen.hardening.deafen:
    state: verified
    fail_on_drift: false
  register: drift

- name: Undo the newest apply
  deafen.hardening.deafen:
    state: rolled_back
    backup: latest
'''

RETURN = r'''
changed:
  description:
    - C(applied) - a backup was written (something was disabled or enabled), or the saved
      policy changed; in check mode, whether that would happen.
    - C(rolled_back) - rollback restored something.
    - C(verified) - always false.
  returned: always
  type: bool
  sample: true
backup:
  description:
    - C(applied) - the id of the newest backup the task wrote (apply's, or enable's when it
      ran too); null when nothing was to be done, and in check mode.
    - C(rolled_back) - the id of the backup restored (or that would be); null when there is none.
  returned: always
  type: str
  sample: 20261126T162606.366823Z
backups:
  description: C(applied) - every backup the task wrote, oldest first (apply's, then enable's).
  returned: state=applied
  type: list
  elements: str
  sample: ["20261126T162606.366823Z"]
disabled:
  description:
    - The services disabled, each with C(name), C(kind) and C(where) (C(file), C(line), C(link));
      in check mode, those the plan would disable.
  returned: state=applied
  type: list
  elements: dict
  sample: [{"name": "telnet", "kind": "inetd",
            "where": {"file": "etc/inetd.conf", "line": 23, "link": null}}]
enabled:
  description: The services turned back on (in check mode, that would be), as I(disabled).
  returned: state=applied
  type: list
  elements: dict
  sample: [{"name": "printer", "kind": "inetd",
            "where": {"file": "etc/inetd.conf", "line": 40, "link": null}}]
drift:
  description:
    - C(verified) - every service the policy disables that would start again at the next boot,
      with C(name), C(kind), C(where) and C(by) (what starts it); empty when the hardening holds.
  returned: state=verified
  type: list
  elements: dict
  sample: [{"name": "telnet", "kind": "inetd", "by": "etc/inetd.conf:23 is enabled",
            "where": {"file": "etc/inetd.conf", "line": 23, "link": null}}]
verify:
  description: C(verified) - the whole document of C(deafen --format json verify), for C(deafen report).
  returned: state=verified
  type: dict
  sample: {"format_version": 1, "runlevel": "2", "target": null, "from": "etc/inittab",
           "comes_back": [], "permanent": true}
ports:
  description:
    - The sockets of the services changed, as rescanned after the change, each with C(port),
      C(proto), C(address), C(service), C(where) and C(open) (its state after the rescan).
    - Empty on a root other than C(/), with I(reload=false), and in check mode.
  returned: state=applied or state=rolled_back
  type: list
  elements: dict
  sample: [{"port": 23, "proto": "tcp", "address": "0.0.0.0", "service": "telnet",
            "where": {"file": "etc/inetd.conf", "line": 23, "link": null}, "open": false}]
restored:
  description: C(rolled_back) - the files and links rollback put back, relative to the root.
  returned: state=rolled_back, not in check mode
  type: list
  elements: str
  sample: ["etc/inetd.conf", "etc/rc2.d/S01rpcbind"]
diff:
  description:
    - In diff mode, under C(prepared), C(deafen plan)'s diff of the policy, then C(deafen plan
      --enable)'s, then the saved policy file's when I(save_policy) changes it.
  returned: diff mode, state=applied
  type: dict
  sample: {"prepared": "diff --git a/etc/inetd.conf b/etc/inetd.conf\n..."}
log:
  description: deafen's own report lines (what was disabled, backup, reloads, ports).
  returned: when deafen changed something
  type: list
  elements: str
  sample: ["disabled telnet (inetd etc/inetd.conf:23)"]
cmd:
  description: The last deafen command run.
  returned: always
  type: list
  elements: str
  sample: ["/usr/local/bin/deafen", "--root", "/", "--format", "json", "apply", "--keep", "ssh"]
rc:
  description: deafen's exit status.
  returned: failure
  type: int
  sample: 2
stderr:
  description: deafen's stderr.
  returned: failure
  type: str
  sample: "deafen: --disable: unknown service 'nosuch'"
'''

import difflib
import errno
import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.deafen.hardening.plugins.module_utils.deafen import (
    COMMON_ARGS, EXIT_STILL_OPEN, Deafen, message)

SAVED_POLICY = 'etc/deafen/policy'
SAVED_HEADER = '# written by deafen apply --save-policy; deafen verify reads it\n'


def names(values):
    """A list option's names, a comma-separated item split as deafen splits it."""
    out = []
    for value in values or []:
        out.extend(n for n in value.split(',') if n)
    return out


def policy_rules(p):
    """(rules, mask) of the task's policy, as deafen reads it: [(keep?, NAME)];
    None for a policy file that cannot be read."""
    mask = p['mask']
    if p['disable']:
        return [(False, n) for n in names(p['disable'])], mask
    if p['keep']:
        return [(True, n) for n in keep_names(p)], mask
    rules = []
    try:
        with open(p['policy'], 'r') as f:
            for line in f:
                words = line.split('#', 1)[0].split()
                if words == ['mask']:
                    mask = True
                elif len(words) == 2 and words[0] in ('keep', 'disable'):
                    rules.append((words[0] == 'keep', words[1]))
    except (IOError, OSError, UnicodeError):
        return None   # deafen says what is wrong with it
    return rules, mask


def policy_text(rules, mask):
    """The saved policy file deafen apply --save-policy writes (savedpolicy.c)."""
    text = SAVED_HEADER + ''.join('%s %s\n' % ('keep' if k else 'disable', n) for k, n in rules)
    return text + ('mask\n' if mask else '')


def read_saved(root):
    """ROOT/etc/deafen/policy's text, None if absent; a link is not followed."""
    try:
        fd = os.open(os.path.join(root, SAVED_POLICY), os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as e:
        if e.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
            return None
        raise
    with os.fdopen(fd, 'rb') as f:
        return f.read().decode('utf-8', 'replace')


def text_diff(path, before, after):
    """A git-style diff of one text file, as deafen plan writes them."""
    if before == after:
        return ''
    lines = list(difflib.unified_diff((before or '').splitlines(True), after.splitlines(True),
                                      'a/' + path if before is not None else '/dev/null',
                                      'b/' + path, lineterm='\n'))
    head = 'diff --git a/%s b/%s\n' % (path, path)
    if before is None:
        head += 'new file mode 100644\n'
    return head + ''.join(lines)


def keep_names(p):
    """--keep's names: the task's keep, and what it enables (else apply would disable it)."""
    kept = names(p['keep'])
    return kept + [n for n in names(p['enable']) if n not in kept]


def policy_args(p):
    if p['disable']:
        return ['--disable', ','.join(names(p['disable']))]
    if p['keep']:
        return ['--keep', ','.join(keep_names(p))]
    if p['policy']:
        return ['--policy', p['policy']]
    return []


def change_args(p):
    """What apply, enable and rollback share: reload and the rescan's patience."""
    args = [] if p['reload'] else ['--no-reload']
    if p['confirm_timeout'] is not None:
        args += ['--confirm-timeout', '%g' % p['confirm_timeout']]
    return args


def still_open_failure(module, d, err, result, prefix):
    """Exit 4: the change is made but a port is not as it should be."""
    lines = [line for line in result.get('log', []) if line.startswith(prefix)]
    msg = message(err, EXIT_STILL_OPEN, None)
    if lines:
        msg += ': ' + '; '.join(lines)
    module.fail_json(msg=msg, rc=EXIT_STILL_OPEN, stderr=err, cmd=d.last_cmd, **result)


def applied(module, d):
    p = module.params
    enable = names(p['enable'])
    has_policy = bool(p['disable'] or p['keep'] or p['policy'])
    run_policy = has_policy or not enable   # none at all: the saved policy
    policy = policy_args(p) + (['--mask'] if p['mask'] else [])
    result = dict(changed=False, backup=None, backups=[], disabled=[], enabled=[], ports=[])

    clash = sorted(set(names(p['disable'])) & set(enable))
    if clash:
        module.fail_json(msg='disable and enable both name %s: each run would undo the other'
                         % ', '.join(clash))

    saved_before = saved_after = None
    if p['save_policy'] and run_policy:
        saved_before = read_saved(p['root'])
        rules = policy_rules(p) if has_policy else None
        if rules is not None:
            saved_after = policy_text(*rules)

    prepared = []
    if module.check_mode or module._diff or (enable and run_policy):
        if run_policy:
            rc, plan, err = d.run(['plan'] + policy)
            result['disabled'] = plan.get('disable') or []
            prepared.append(plan.get('diff') or '')
            back = sorted(set(s.get('name') for s in result['disabled']) & set(enable))
            if back:
                module.fail_json(msg='the policy disables %s, which enable names: each run would '
                                 'undo the other' % ', '.join(back), cmd=d.last_cmd)
        if enable and (module.check_mode or module._diff):
            rc, plan, err = d.run(['plan', '--enable', ','.join(enable), '--unmask'])
            result['enabled'] = plan.get('enable') or []
            prepared.append(plan.get('diff') or '')
    if saved_after is not None:
        prepared.append(text_diff(SAVED_POLICY, saved_before, saved_after))

    if module.check_mode:
        result['changed'] = bool(result['disabled'] or result['enabled'] or
                                 (saved_after is not None and saved_after != saved_before))
        if module._diff:
            result['diff'] = dict(prepared=''.join(prepared))
        result['cmd'] = d.last_cmd
        module.exit_json(**result)

    log = []
    if run_policy:
        args = ['apply'] + policy + (['--save-policy'] if p['save_policy'] else []) + change_args(p)
        rc, data, err = d.run(args, ok=(0, EXIT_STILL_OPEN))
        result['disabled'] = data.get('disabled') or []
        result['ports'] += data.get('ports') or []
        log += data.get('log') or []
        if data.get('backup'):
            result['backups'].append(data['backup'])
        if rc == EXIT_STILL_OPEN:
            result.update(backup=data.get('backup'), changed=True, log=log)
            still_open_failure(module, d, err, result, 'STILL OPEN')
    if enable:
        rc, data, err = d.run(['enable', ','.join(enable), '--unmask'] + change_args(p))
        result['enabled'] = data.get('enabled') or []
        result['ports'] += data.get('ports') or []
        log += data.get('log') or []
        if data.get('backup'):
            result['backups'].append(data['backup'])

    saved_changed = p['save_policy'] and run_policy and read_saved(p['root']) != saved_before
    result['changed'] = bool(result['backups']) or bool(saved_changed)
    result['backup'] = result['backups'][-1] if result['backups'] else None
    if result['changed']:
        result['log'] = log
    if module._diff:
        result['diff'] = dict(prepared=''.join(prepared))
    result['cmd'] = d.last_cmd
    module.exit_json(**result)


def rolled_back(module, d):
    p = module.params
    rc, data, err = d.run(['backups'])
    backups = data.get('backups') or []
    if p['backup'] != 'latest':
        chosen = [b for b in backups if b.get('id') == p['backup']]
        if not chosen:
            module.fail_json(msg="deafen: backup %s: no such backup" % p['backup'],
                             rc=1, cmd=d.last_cmd, backups=backups)
        target = chosen[0]
    elif backups:
        target = max(backups, key=lambda b: b.get('id', ''))
    else:
        module.exit_json(changed=False, backup=None, cmd=d.last_cmd, ports=[], restored=[],
                         msg='no deafen backup under this root: nothing to roll back')

    state = target.get('state') or ''
    if module.check_mode:
        # from the backup's recorded state: rollback itself compares every file
        # and link, so this is a prediction
        would = not (state.startswith('rolled back') or state.startswith('incomplete'))
        module.exit_json(changed=would, backup=target.get('id'), backup_state=state,
                         ports=[], cmd=d.last_cmd)

    # by its id: rollback without one takes the newest not rolled back yet,
    # which would make a second run roll back an older apply
    rc, data, err = d.run(['rollback', target.get('id')] + change_args(p),
                          ok=(0, EXIT_STILL_OPEN))
    restored = data.get('restored') or []
    count = data.get('changed')
    if count is None:
        count = len(restored)
    result = dict(changed=count > 0, backup=data.get('backup'), restored=restored,
                  ports=data.get('ports') or [], log=data.get('log') or [])
    if rc == EXIT_STILL_OPEN:
        still_open_failure(module, d, err, result, 'NOT open again')
    module.exit_json(cmd=d.last_cmd, **result)


def verified(module, d):
    p = module.params
    rc, data, err = d.run(['verify'] + policy_args(p), ok=(0, EXIT_STILL_OPEN))
    drift = data.get('comes_back') or []
    result = dict(changed=False, drift=drift, verify=data, cmd=d.last_cmd)
    if drift and p['fail_on_drift']:
        what = ['%s (%s)' % (s.get('name'), s.get('by')) for s in drift]
        module.fail_json(msg='deafen: %d service%s would start again at the next boot: %s'
                         % (len(drift), '' if len(drift) == 1 else 's', '; '.join(what)),
                         rc=rc, **result)
    module.exit_json(**result)


def main():
    argument_spec = dict(
        state=dict(type='str', default='applied', choices=['applied', 'rolled_back', 'verified']),
        disable=dict(type='list', elements='str'),
        keep=dict(type='list', elements='str'),
        policy=dict(type='path'),
        enable=dict(type='list', elements='str'),
        mask=dict(type='bool', default=False),
        save_policy=dict(type='bool', default=False),
        reload=dict(type='bool', default=True),
        confirm_timeout=dict(type='float'),
        backup=dict(type='str', default='latest'),
        fail_on_drift=dict(type='bool', default=True),
    )
    argument_spec.update(COMMON_ARGS)
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[('disable', 'keep', 'policy')],
        supports_check_mode=True,
    )
    d = Deafen(module)
    state = module.params['state']
    if state == 'verified':
        verified(module, d)
    elif state == 'rolled_back':
        rolled_back(module, d)
    else:
        applied(module, d)


if __name__ == '__main__':
    main()
