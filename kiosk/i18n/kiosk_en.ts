<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en_GB">
<context>
    <name>IdleScreen</name>
    <message>
        <source>Tap your phone or scan your library card</source>
        <translation>Tap your phone or scan your library card</translation>
    </message>
    <message>
        <source>Need help? Ask the library staff.</source>
        <translation>Need help? Ask the library staff.</translation>
    </message>
    <message>
        <source>Welcome to the library</source>
        <translation>Welcome to the library</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>Closed today</translation>
    </message>
    <message>
        <source>Open today {opens}–{closes}</source>
        <translation>Open today {opens}–{closes}</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source>Choose language</source>
        <translation>Choose language</translation>
    </message>
</context>
<context>
    <name>LockedScreen</name>
    <message>
        <source>This computer is locked</source>
        <translation>This computer is locked</translation>
    </message>
    <message>
        <source>Message from the library:</source>
        <translation>Message from the library:</translation>
    </message>
    <message>
        <source>Please use another computer or ask the library staff.</source>
        <translation>Please use another computer or ask the library staff.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Library computer</source>
        <translation>Library computer</translation>
    </message>
</context>
<context>
    <name>MessageOverlay</name>
    <message>
        <source>Message from the library staff</source>
        <translation>Message from the library staff</translation>
    </message>
    <message>
        <source>OK, close</source>
        <translation>OK, close</translation>
    </message>
    <message>
        <source>Close the message</source>
        <translation>Close the message</translation>
    </message>
</context>
<context>
    <name>NotRegisteredScreen</name>
    <message>
        <source>This computer is not registered</source>
        <translation>This computer is not registered</translation>
    </message>
    <message>
        <source>Please contact library staff or IT.</source>
        <translation>Please contact library staff or IT.</translation>
    </message>
    <message>
        <source>Computer name: {hostname}</source>
        <translation>Computer name: {hostname}</translation>
    </message>
</context>
<context>
    <name>StartingScreen</name>
    <message>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Please wait a moment.</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Network: connected</source>
        <translation>Network: connected</translation>
    </message>
    <message>
        <source>Network: not connected</source>
        <translation>Network: not connected</translation>
    </message>
    <message>
        <source>Card reader: working</source>
        <translation>Card reader: working</translation>
    </message>
    <message>
        <source>Card reader: needs attention</source>
        <translation>Card reader: needs attention</translation>
    </message>
    <message>
        <source>Card reader: not working</source>
        <translation>Card reader: not working</translation>
    </message>
    <message>
        <source>Card reader: not in use</source>
        <translation>Card reader: not in use</translation>
    </message>
    <message>
        <source>Printer: working</source>
        <translation>Printer: working</translation>
    </message>
    <message>
        <source>Printer: needs attention</source>
        <translation>Printer: needs attention</translation>
    </message>
    <message>
        <source>Printer: not working</source>
        <translation>Printer: not working</translation>
    </message>
    <message>
        <source>Printer: not in use</source>
        <translation>Printer: not in use</translation>
    </message>
    <message>
        <source>Printer: paper running low</source>
        <translation>Printer: paper running low</translation>
    </message>
    <message>
        <source>Printer: out of paper</source>
        <translation>Printer: out of paper</translation>
    </message>
</context>
<context>
    <name>TextSizeButton</name>
    <message>
        <source>Larger text</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>Makes all text on the screen bigger</source>
        <translation>Makes all text on the screen bigger</translation>
    </message>
</context>
</TS>
