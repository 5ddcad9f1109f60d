# -*- coding: utf-8 -*-
# Copyright: deafen contributors
# The deafen module against a stand-in deafen (conftest.py): which commands
# it runs for each state, and what it makes of their documents.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.deafen.hardening.plugins.modules import deafen as mod

TELNET = {'name': 'telnet', 'kind': 'inetd', 'where': {'file': 'etc/inetd.conf', 'line': 23, 'link': None}}
CUPS = {'name': 'cups', 'kind': 'systemd',
        'where': {'file': 'lib/systemd/system/cups.service', 'line': None,
                  'link': 'etc/systemd/system/multi-user.target.wants/cups.service'}}
PORT23 = {'port': 23, 'proto': 'tcp', 'address': '0.0.0.0', 'service': 'telnet',
          'where': TELNET['where'], 'open': False}
DIFF = 'diff --git a/etc/inetd.conf b/etc/inetd.conf\n--- a/etc/inetd.conf\n+++ b/etc/inetd.conf\n'


def applied_doc(backup, disabled, ports=None, log=None):
    return {'format_version': 1, 'backup': backup, 'disabled': disabled, 'keep': [], 'warnings': [],
            'ports': ports or [], 'log': log or []}


def plan_doc(disable=None, enable=None, diff=''):
    doc = {'format_version': 1, 'style': 'debian', 'keep': [], 'warnings': [], 'diff': diff}
    if enable is not None:
        doc['enable'] = enable
    else:
        doc['disable'] = disable or []
    return doc


def enable_doc(backup, enabled):
    return {'format_version': 1, 'backup': backup, 'enabled': enabled, 'keep': [], 'warnings': [],
            'ports': [], 'log': []}


def test_applied_runs_apply_and_returns_what_it_disabled(deafen):
    deafen.answers['apply'] = (0, applied_doc('B1', [TELNET], [PORT23], ['disabled telnet']), '')
    deafen.set_args({'keep': ['ssh']})
    r = deafen.run(mod.main)
    assert not r.get('failed')
    assert r['changed'] is True and r['backup'] == 'B1' and r['backups'] == ['B1']
    assert r['disabled'] == [TELNET] and r['ports'] == [PORT23] and r['enabled'] == []
    assert deafen.ran('apply') == [['apply', '--keep', 'ssh']]
    assert deafen.commands[0][:5] == ['/usr/local/bin/deafen', '--root', '/', '--format', 'json']


def test_applied_nothing_to_do_is_not_changed(deafen):
    deafen.answers['apply'] = (0, applied_doc(None, []), 'deafen: nothing to do\n')
    deafen.set_args({'disable': ['telnet', 'rsh,rlogin']})
    r = deafen.run(mod.main)
    assert r['changed'] is False and r['backup'] is None and 'log' not in r
    assert deafen.ran('apply') == [['apply', '--disable', 'telnet,rsh,rlogin']]


def test_applied_options_reach_the_command_line(deafen, tmp_path):
    deafen.answers['apply'] = (0, applied_doc(None, []), '')
    deafen.set_args({'root': str(tmp_path), 'disable': ['cups'], 'mask': True, 'reload': False,
                     'confirm_timeout': 2.5, 'style': 'redhat', 'backup_dir': '/b', 'save_policy': True})
    deafen.run(mod.main)
    cmd = deafen.commands[-1]
    assert cmd[:9] == ['/usr/local/bin/deafen', '--root', str(tmp_path), '--format', 'json',
                       '--style', 'redhat', '--backup-dir', '/b']
    assert cmd[9:] == ['apply', '--disable', 'cups', '--mask', '--save-policy', '--no-reload',
                       '--confirm-timeout', '2.5']


def test_style_auto_is_not_passed(deafen):
    deafen.answers['apply'] = (0, applied_doc(None, []), '')
    deafen.set_args({'keep': ['ssh'], 'style': 'auto'})
    deafen.run(mod.main)
    assert '--style' not in deafen.commands[-1]


def test_check_mode_plans_and_changes_nothing(deafen):
    deafen.answers['plan'] = (0, plan_doc([TELNET], diff=DIFF), '')
    deafen.set_args({'keep': ['ssh'], '_ansible_check_mode': True})
    r = deafen.run(mod.main)
    assert r['changed'] is True and r['disabled'] == [TELNET] and r['backup'] is None
    assert 'diff' not in r
    assert [c[0] for c in (x[5:] for x in deafen.commands)] == ['plan']


def test_check_mode_nothing_to_plan(deafen):
    deafen.answers['plan'] = (0, plan_doc([]), '')
    deafen.set_args({'keep': ['ssh'], '_ansible_check_mode': True})
    r = deafen.run(mod.main)
    assert r['changed'] is False


def test_diff_mode_is_the_plans_diff_then_apply(deafen):
    deafen.answers['plan'] = (0, plan_doc([TELNET], diff=DIFF), '')
    deafen.answers['apply'] = (0, applied_doc('B1', [TELNET]), '')
    deafen.set_args({'keep': ['ssh'], '_ansible_diff': True})
    r = deafen.run(mod.main)
    assert r['diff'] == {'prepared': DIFF} and r['changed'] is True
    assert [x[5] for x in deafen.commands] == ['plan', 'apply']


def test_enable_alone_runs_enable_only(deafen):
    deafen.answers['enable'] = (0, enable_doc('B2', [TELNET]), '')
    deafen.set_args({'enable': ['telnet']})
    r = deafen.run(mod.main)
    assert r['changed'] is True and r['enabled'] == [TELNET] and r['backup'] == 'B2'
    assert deafen.ran('enable') == [['enable', 'telnet', '--unmask']]
    assert deafen.ran('apply') == []


def test_enable_already_on_is_not_changed(deafen):
    deafen.answers['enable'] = (0, enable_doc(None, []), 'deafen: telnet is enabled already\n')
    deafen.set_args({'enable': ['telnet']})
    assert deafen.run(mod.main)['changed'] is False


def test_keep_and_enable_keep_what_is_enabled(deafen):
    deafen.answers['plan'] = (0, plan_doc([CUPS]), '')
    deafen.answers['apply'] = (0, applied_doc('B1', [CUPS]), '')
    deafen.answers['enable'] = (0, enable_doc('B2', [TELNET]), '')
    deafen.set_args({'keep': ['ssh'], 'enable': ['telnet']})
    r = deafen.run(mod.main)
    assert deafen.ran('apply') == [['apply', '--keep', 'ssh,telnet']]
    assert r['backups'] == ['B1', 'B2'] and r['backup'] == 'B2'
    assert r['disabled'] == [CUPS] and r['enabled'] == [TELNET]


def test_disable_and_enable_the_same_name_fails(deafen):
    deafen.set_args({'disable': ['telnet'], 'enable': ['telnet']})
    r = deafen.run(mod.main)
    assert r['failed'] and 'telnet' in r['msg'] and deafen.commands == []


def test_policy_that_disables_an_enabled_name_fails_before_changing(deafen):
    deafen.answers['plan'] = (0, plan_doc([TELNET]), '')
    deafen.set_args({'policy': '/etc/p', 'enable': ['telnet']})
    r = deafen.run(mod.main)
    assert r['failed'] and 'telnet' in r['msg']
    assert deafen.ran('apply') == [] and deafen.ran('enable') == []


def test_check_mode_with_enable_plans_both(deafen):
    deafen.answers['plan'] = (0, plan_doc([CUPS], diff='A'), '')
    deafen.answers['plan --enable'] = (0, plan_doc(enable=[TELNET], diff='B'), '')
    deafen.set_args({'keep': ['ssh'], 'enable': ['telnet'], '_ansible_check_mode': True, '_ansible_diff': True})
    r = deafen.run(mod.main)
    assert r['changed'] is True and r['enabled'] == [TELNET] and r['disabled'] == [CUPS]
    assert r['diff'] == {'prepared': 'AB'}


def test_mutually_exclusive_policies(deafen):
    deafen.set_args({'keep': ['ssh'], 'disable': ['telnet']})
    r = deafen.run(mod.main)
    assert r['failed'] and 'mutually exclusive' in r['msg']


def test_still_open_fails_changed_with_the_backup(deafen):
    port = dict(PORT23, open=True)
    deafen.answers['apply'] = (4, applied_doc('B1', [TELNET], [port], ['STILL OPEN tcp 0.0.0.0:23']),
                               'deafen: some ports are still open (see above)\n')
    deafen.set_args({'disable': ['telnet']})
    r = deafen.run(mod.main)
    assert r['failed'] and r['rc'] == 4 and r['changed'] is True and r['backup'] == 'B1'
    assert r['msg'] == 'deafen: some ports are still open (see above): STILL OPEN tcp 0.0.0.0:23'


def test_an_error_fails_with_deafens_message(deafen):
    deafen.answers['apply'] = (2, {'error': "--disable: unknown service 'nosuch'", 'status': 2},
                               "deafen: --disable: unknown service 'nosuch'\n")
    deafen.set_args({'disable': ['nosuch']})
    r = deafen.run(mod.main)
    assert r['failed'] and r['rc'] == 2 and r['msg'] == "deafen: --disable: unknown service 'nosuch'"


def test_save_policy_text_is_deafens():
    assert mod.policy_text([(True, 'ssh'), (False, 'telnet')], True) == (
        '# written by deafen apply --save-policy; deafen verify reads it\n'
        'keep ssh\ndisable telnet\nmask\n')


def test_save_policy_changed_without_a_backup(deafen, tmp_path):
    def apply_writes(cmd):
        (tmp_path / 'etc' / 'deafen').mkdir(parents=True)
        (tmp_path / 'etc' / 'deafen' / 'policy').write_text(mod.policy_text([(True, 'ssh')], False))
        return 0, applied_doc(None, []), ''
    deafen.answers['apply'] = apply_writes
    deafen.set_args({'root': str(tmp_path), 'keep': ['ssh'], 'save_policy': True})
    r = deafen.run(mod.main)
    assert r['changed'] is True and r['backup'] is None


def test_save_policy_check_mode_predicts(deafen, tmp_path):
    deafen.answers['plan'] = (0, plan_doc([]), '')
    (tmp_path / 'etc' / 'deafen').mkdir(parents=True)
    (tmp_path / 'etc' / 'deafen' / 'policy').write_text(mod.policy_text([(True, 'ssh')], False))
    deafen.set_args({'root': str(tmp_path), 'keep': ['ssh'], 'save_policy': True,
                     '_ansible_check_mode': True, '_ansible_diff': True})
    r = deafen.run(mod.main)
    assert r['changed'] is False and r['diff'] == {'prepared': ''}
    deafen.set_args({'root': str(tmp_path), 'keep': ['ssh', 'printer'], 'save_policy': True,
                     '_ansible_check_mode': True, '_ansible_diff': True})
    r = deafen.run(mod.main)
    assert r['changed'] is True
    assert r['diff']['prepared'].startswith('diff --git a/etc/deafen/policy b/etc/deafen/policy\n')
    assert '+keep printer\n' in r['diff']['prepared']


def test_verified_without_drift(deafen):
    doc = {'format_version': 1, 'runlevel': '2', 'target': None, 'from': 'etc/inittab',
           'comes_back': [], 'permanent': True}
    deafen.answers['verify'] = (0, doc, '')
    deafen.set_args({'state': 'verified'})
    r = deafen.run(mod.main)
    assert not r.get('failed') and r['changed'] is False and r['drift'] == [] and r['verify'] == doc
    assert deafen.ran('verify') == [['verify']]


def test_verified_drift_fails_unless_told(deafen):
    back = dict(TELNET, by='etc/inetd.conf:23 is enabled')
    doc = {'format_version': 1, 'runlevel': '2', 'target': None, 'from': 'etc/inittab',
           'comes_back': [back], 'permanent': False}
    deafen.answers['verify'] = (4, doc, 'deafen: a service would start again\n')
    deafen.set_args({'state': 'verified', 'keep': ['ssh']})
    r = deafen.run(mod.main)
    assert r['failed'] and r['changed'] is False and r['drift'] == [back] and r['rc'] == 4
    assert 'telnet (etc/inetd.conf:23 is enabled)' in r['msg']
    assert deafen.ran('verify') == [['verify', '--keep', 'ssh']]
    deafen.set_args({'state': 'verified', 'fail_on_drift': False})
    r = deafen.run(mod.main)
    assert not r.get('failed') and r['drift'] == [back]


def test_verified_never_changes_in_check_mode_either(deafen):
    doc = {'format_version': 1, 'runlevel': '2', 'target': None, 'from': 'x', 'comes_back': [],
           'permanent': True}
    deafen.answers['verify'] = (0, doc, '')
    deafen.set_args({'state': 'verified', '_ansible_check_mode': True})
    r = deafen.run(mod.main)
    assert r['changed'] is False and [x[5] for x in deafen.commands] == ['verify']


BACKUPS = {'format_version': 1, 'backups': [
    {'id': '20260101T000000.000000Z', 'time': 't', 'policy': '--keep ssh', 'files': 1, 'links': 0,
     'state': 'rolled back', 'error': None},
    {'id': '20260102T000000.000000Z', 'time': 't', 'policy': '--keep ssh', 'files': 1, 'links': 0,
     'state': 'complete', 'error': None}]}


def test_rolled_back_latest_rolls_back_the_newest_by_id(deafen):
    deafen.answers['backups'] = (0, BACKUPS, '')
    deafen.answers['rollback'] = (0, {'format_version': 1, 'backup': '20260102T000000.000000Z', 'disabled': [],
                                      'restored': ['etc/inetd.conf'], 'changed': 1, 'ports': [], 'log': []}, '')
    deafen.set_args({'state': 'rolled_back'})
    r = deafen.run(mod.main)
    assert r['changed'] is True and r['restored'] == ['etc/inetd.conf']
    assert deafen.ran('rollback') == [['rollback', '20260102T000000.000000Z']]


def test_rolled_back_again_is_not_changed(deafen):
    deafen.answers['backups'] = (0, BACKUPS, '')
    deafen.answers['rollback'] = (0, {'format_version': 1, 'backup': '20260101T000000.000000Z', 'disabled': [],
                                      'restored': [], 'changed': 0, 'ports': [], 'log': []}, '')
    deafen.set_args({'state': 'rolled_back', 'backup': '20260101T000000.000000Z', 'reload': False})
    r = deafen.run(mod.main)
    assert r['changed'] is False
    assert deafen.ran('rollback') == [['rollback', '20260101T000000.000000Z', '--no-reload']]


def test_rolled_back_check_mode_reads_the_state(deafen):
    deafen.answers['backups'] = (0, BACKUPS, '')
    deafen.set_args({'state': 'rolled_back', '_ansible_check_mode': True})
    assert deafen.run(mod.main)['changed'] is True
    deafen.set_args({'state': 'rolled_back', 'backup': '20260101T000000.000000Z', '_ansible_check_mode': True})
    assert deafen.run(mod.main)['changed'] is False
    assert deafen.ran('rollback') == []


def test_rolled_back_unknown_or_no_backup(deafen):
    deafen.answers['backups'] = (0, BACKUPS, '')
    deafen.set_args({'state': 'rolled_back', 'backup': 'nosuch'})
    r = deafen.run(mod.main)
    assert r['failed'] and 'nosuch' in r['msg']
    deafen.answers['backups'] = (0, {'format_version': 1, 'backups': []}, '')
    deafen.set_args({'state': 'rolled_back'})
    r = deafen.run(mod.main)
    assert not r.get('failed') and r['changed'] is False and r['backup'] is None


def test_policy_file_read_for_the_saved_policy(deafen, tmp_path):
    policy = tmp_path / 'p'
    policy.write_text('# ours\nkeep ssh  # the way in\n\ndisable telnet\nmask\n')
    deafen.answers['plan'] = (0, plan_doc([]), '')
    deafen.set_args({'root': str(tmp_path), 'policy': str(policy), 'save_policy': True,
                     '_ansible_check_mode': True, '_ansible_diff': True})
    r = deafen.run(mod.main)
    assert r['changed'] is True
    assert r['diff']['prepared'].endswith('+keep ssh\n+disable telnet\n+mask\n')
    assert deafen.ran('plan') == [['plan', '--policy', str(policy)]]


def test_unreadable_policy_file_is_deafens_to_report(deafen, tmp_path):
    deafen.answers['plan'] = (2, {'error': 'nosuch: No such file or directory', 'status': 2}, '')
    deafen.set_args({'root': str(tmp_path), 'policy': str(tmp_path / 'nosuch'), 'save_policy': True,
                     '_ansible_check_mode': True})
    r = deafen.run(mod.main)
    assert r['failed'] and r['rc'] == 2 and r['msg'] == 'deafen: nosuch: No such file or directory'
