#!/usr/bin/env python3
"""The ormscope(1) man page, generated from the argument parser's own description of the commands.

    ormscope --experimental-dump-help | scripts/manpage.py > ormscope.1

argument-parser's `generate-manual` plugin builds a tool of its own from the package's sources and
writes the same from the same JSON; this script needs nothing but Python, so `make install` runs it
offline and on any machine. Every command, option, default and value list comes from the binary;
only the sections the parser has no notion of (exit status, environment, files) are written here.
"""
import json
import sys


def esc(text):
    """Text safe in roff: backslashes doubled, a leading dot or quote escaped, dashes literal."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def names(arg):
    out = []
    for n in arg.get("names", []):
        out.append(("-" if n["kind"] == "short" else "--") + n["name"])
    return out


def synopsis(cmd, path):
    parts = [path]
    for a in cmd.get("arguments", []):
        if not a.get("shouldDisplay", True) or a["valueName"] in ("help", "version"):
            continue
        if a["kind"] == "positional":
            word = "<" + a["valueName"] + ">" + ("..." if a.get("isRepeating") else "")
        elif a["kind"] == "flag":
            word = names(a)[0] if names(a) else a["valueName"]
        else:
            word = (names(a)[0] if names(a) else "") + " <" + a["valueName"] + ">"
        parts.append("[" + word + "]" if a.get("isOptional") else word)
    return " ".join(parts)


def arguments(cmd):
    out = []
    for a in cmd.get("arguments", []):
        if not a.get("shouldDisplay", True) or a["valueName"] in ("help", "version"):
            continue
        if a["kind"] == "positional":
            label = "<" + a["valueName"] + ">"
        elif a["kind"] == "flag":
            label = ", ".join(names(a))
        else:
            label = ", ".join(names(a)) + " <" + a["valueName"] + ">"
        text = a.get("abstract", "")
        if a.get("allValues"):
            text += " (values: " + ", ".join(a["allValues"]) + ")"
        if "defaultValue" in a and a["kind"] != "flag":
            text += " (default: " + a["defaultValue"] + ")"
        if a.get("isRepeating") and a["kind"] != "positional":
            text += " Repeatable."
        out.append(".TP\n.B " + esc(label) + "\n" + esc(text.strip()))
    return "\n".join(out)


def main():
    tool = json.load(sys.stdin)["command"]
    name = tool["commandName"]
    version = sys.argv[1] if len(sys.argv) > 1 else ""
    page = [
        '.TH %s 1 "" "%s %s" "User Commands"' % (name.upper(), name, version),
        ".SH NAME",
        "%s \\- %s" % (name, esc(tool.get("abstract", ""))),
        ".SH SYNOPSIS",
        ".B %s\n[\\fIcommand\\fR] [\\fIoptions\\fR]" % name,
        ".SH DESCRIPTION",
        esc(tool.get("abstract", "")) + " Without a command it starts the terminal explorer (" + name + " explore).",
        ".SH COMMANDS",
    ]
    for sub in tool.get("subcommands", []):
        if not sub.get("shouldDisplay", True) or sub["commandName"] == "help":
            continue
        page.append(".SS " + esc(sub["commandName"]))
        page.append(".B " + esc(synopsis(sub, name + " " + sub["commandName"])))
        page.append(".PP\n" + esc(sub.get("abstract", "")))
        if sub.get("discussion"):
            page.append(".PP\n" + esc(sub["discussion"]))
        page.append(arguments(sub))
    page += [
        ".SH EXIT STATUS",
        ".TP\n.B 0\nSuccess.",
        ".TP\n.B 1\nA runtime error (a refused write, a bad filter, an unreachable server, a malformed import file): one sentence on standard error, or {\"error\": ...} with \\-\\-format json.",
        ".TP\n.B 64\nA usage error (EX_USAGE): an unknown option, a missing database, a format a command does not write.",
        ".TP\n.B 130\nInterrupted by a second Ctrl\\-C (the first cancels the running statement; an import is rolled back).",
        ".SH ENVIRONMENT",
        ".TP\n.B DATABASE_URL\nThe database when \\-\\-db is not given.",
        ".TP\n.B PAGER\nThe pager for table output taller than the terminal (default: less \\-S; empty or cat: none).",
        ".TP\n.B XDG_CONFIG_HOME\nThe configuration is $XDG_CONFIG_HOME/ormscope/config (default ~/.config/ormscope/config).",
        ".TP\n.B XDG_STATE_HOME\nThe shell's history is $XDG_STATE_HOME/ormscope/history (default ~/.local/state/ormscope/history).",
        ".TP\n.B ORMSCOPE_CONFIG, ORMSCOPE_HISTORY, ORMSCOPE_THEMES\nAnother configuration file, history file or themes directory.",
        ".SH FILES",
        ".TP\n.I PREFIX/share/ormscope/themes\nThe themes the installed binary reads.",
        ".SH SEE ALSO",
        "The README of the source tree documents the JSON mapping of every type, the cursors, the commands and their statements.",
    ]
    sys.stdout.write("\n".join(p for p in page if p) + "\n")


if __name__ == "__main__":
    main()
