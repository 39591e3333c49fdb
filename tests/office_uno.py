"""Drive LibreOffice Calc as a user would: open workbooks, type into cells, save as .xlsx.

Run by the real-client tests with the system interpreter that has LibreOffice's ``uno``
module (Debian: python3-uno), not the project's virtual environment:

    /usr/bin/python3 tests/office_uno.py jobs.json results.json

``jobs.json`` holds a list of jobs, each::

    {"source": "ira.xlsx",            # the workbook to open
     "type": [[sheet, cell, text]],   # typed into the cell as a user types (Enter)
     "set": [[sheet, cell, text]],    # put there through the API, past every check
     "read": [[sheet, cell]],         # what the cell shows afterwards
     "invalid": [sheet],              # does Calc find a value its validation refuses?
     "validation": [[sheet, cell]],   # the cell's validation as Calc read it
     "protection": [[sheet, cell]],   # whether the sheet is protected, the cell locked
     "save": "out.xlsx"}              # saved with the filter "Calc MS Excel 2007 XML"

Typing goes through Calc's own input path (``.uno:EnterString`` on the selected cell):
numbers and dates are recognised as Calc recognises them, a locked cell of a protected
sheet takes nothing. ``invalid`` is Calc's Tools > Detective > Mark Invalid Data. One
LibreOffice process, with its own profile, serves every job; the results go to
``results.json`` as a list in the order of the jobs.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def _cell(doc, sheet, ref):
    return doc.Sheets.getByName(sheet).getCellRangeByName(ref)


def _shown(cell):
    return [cell.getType().value, cell.getString(), cell.getValue(), cell.getFormula()]


def run(job, ctx, desktop):
    smgr = ctx.ServiceManager
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(job["source"])),
                                       "_blank", 0, (_prop("Hidden", True),))
    if doc is None:
        raise RuntimeError(f"LibreOffice could not open {job['source']}")
    result = {"typed": [], "read": {}, "invalid": {}, "validation": {}, "protection": {}}
    try:
        controller = doc.getCurrentController()
        frame = controller.getFrame()
        dispatch = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for sheet, ref, text in job.get("type", []):
            controller.setActiveSheet(doc.Sheets.getByName(sheet))
            point = "$'{}'.{}".format(sheet.replace("'", "''"), ref)
            dispatch.executeDispatch(frame, ".uno:GoToCell", "", 0, (_prop("ToPoint", point),))
            dispatch.executeDispatch(frame, ".uno:EnterString", "", 0,
                                     (_prop("StringName", text),))
            result["typed"].append([sheet, ref, *_shown(_cell(doc, sheet, ref))])
        for sheet, ref, text in job.get("set", []):
            _cell(doc, sheet, ref).setString(text)
        doc.calculateAll()
        for sheet, ref in job.get("read", []):
            result["read"][f"{sheet}!{ref}"] = _shown(_cell(doc, sheet, ref))
        for sheet in job.get("invalid", []):
            ws = doc.Sheets.getByName(sheet)
            ws.clearArrows()
            result["invalid"][sheet] = bool(ws.showInvalid())
            ws.clearArrows()
        for sheet, ref in job.get("validation", []):
            rule = _cell(doc, sheet, ref).Validation
            result["validation"][f"{sheet}!{ref}"] = [
                rule.Type.value, rule.ErrorAlertStyle.value, bool(rule.ShowErrorMessage),
                rule.getFormula1()]
        for sheet, ref in job.get("protection", []):
            result["protection"][f"{sheet}!{ref}"] = [
                bool(doc.Sheets.getByName(sheet).isProtected()),
                bool(_cell(doc, sheet, ref).CellProtection.IsLocked)]
        if job.get("save"):
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(job["save"])),
                           (_prop("FilterName", "Calc MS Excel 2007 XML"),))
    finally:
        # Left open until LibreOffice exits: closing a document that was typed into
        # through the dispatcher can crash a headless LibreOffice 7.4 on its next timer.
        controller = None
    return result


class _Office:
    """A headless LibreOffice with its own profile, listening on a pipe."""

    def __init__(self, profile):
        if not os.listdir(profile):
            # A new profile makes LibreOffice restart itself once: make it first.
            subprocess.run(["soffice", f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
                            "--headless", "--terminate_after_init"], timeout=120,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        self.pipe = f"hrdd-uno-{os.getpid()}-{time.monotonic_ns()}"
        self.process = subprocess.Popen(
            ["soffice", f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
             "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
             f"--accept=pipe,name={self.pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.ctx = _connect(self.pipe)
        self.desktop = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", self.ctx)

    def close(self):
        try:
            self.desktop.terminate()
        except Exception as err:  # the bridge closes as LibreOffice exits
            print(f"LibreOffice closed the bridge as it exited: {err}", file=sys.stderr)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def main(jobs_file, results_file):
    jobs = json.loads(open(jobs_file, encoding="utf-8").read())
    results = []
    with tempfile.TemporaryDirectory(prefix="hrdd-uno-") as profile:
        office = None
        try:
            for job in jobs:
                office = office or _Office(profile)
                try:
                    results.append(run(job, office.ctx, office.desktop))
                except Exception as err:  # uno raises its own classes
                    if "Disposed" not in type(err).__name__:
                        raise
                    # LibreOffice 7.4 headless sometimes aborts on a timer while the
                    # machine is loaded: the job is run once more, in a new process; a
                    # second abort on the same job fails the test.
                    print(f"LibreOffice stopped during a job, run again: {err}",
                          file=sys.stderr)
                    office.close()
                    office = _Office(profile)
                    results.append(run(job, office.ctx, office.desktop))
                if job.get("type"):
                    # LibreOffice 7.4 headless may abort on a timer after a document was
                    # typed into through the dispatcher: the next job gets a new process.
                    office.close()
                    office = None
        finally:
            if office is not None:
                office.close()
    with open(results_file, "w", encoding="utf-8") as out:
        json.dump(results, out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
