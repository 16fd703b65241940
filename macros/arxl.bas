Attribute VB_Name = "arxl"
' arxl: the macros behind the buttons of the Accueil (Home) sheet.
'
' A button saves the workbook, then runs the installed arxl on it and waits for it:
'     python -m arxl excel run ACTION BOOK --work FOLDER --result FILE
' arxl reads the saved file and writes its sheets into a copy in FOLDER (never into BOOK, which
' is open here); FILE says which sheet of the copy replaces which sheet of this workbook. The
' macro copies the new sheets in first and removes the old ones after (a failure part-way
' leaves the previous sheets), puts back the owner's sheet and selection, and clears the status
' bar on every path. Any failure is one message box, never a traceback.
'   Windows: a hidden process (WScript.Shell), the Python `arxl excel setup` recorded.
'   macOS: AppleScriptTask and the arxl.scpt `arxl excel setup` installs (module arxlMac).
'   LibreOffice Calc: the Python macro arxl_buttons.py (`arxl excel setup --libreoffice`).
'
' Source of truth: macros/arxl.bas in the arxl repository (workbook_templates/build.py).
' No Option Explicit: ThisComponent (LibreOffice's document, see InLibreOffice) must compile
' in Excel, where it is an empty Variant. Every variable is declared all the same.

Private Const CONFIG_FILE As String = "buttons.txt"
Private Const LO_SCRIPT As String = _
    "vnd.sun.star.script:arxl_buttons.py$button?language=Python&location=user"
Private Const SETUP_HELP As String = "pip install arxl  puis / then  arxl excel setup"

' The last result file read: its `sheet` lines, and the other keys as key<TAB>value lines.
Private sheetNames() As String
Private oldNames() As String
Private sheetCount As Long
Private resultKeys As String

Public Sub ArxlRefresh()
    RunButton "refresh", ""
End Sub

' Drafts beside the workbook; when Parametres names an SMTP server, arxl first says how many
' messages go to whom, and sends only on Yes (remind-plan, then remind-send).
Public Sub ArxlReminders()
    RunButton "remind-plan", ""
End Sub

Public Sub ArxlReport()
    Dim m As String
    m = AskMonth()
    If m <> "" Then RunButton "report", m
End Sub

Public Sub ArxlDrafts()
    RunButton "drafts", ""
End Sub

' Bank statements: asked (several at once), matched against the open invoices into the
' Rapprochement sheet; the rows validated there are posted to Paiements (arxl bank). In
' LibreOffice the Python macro asks with LibreOffice's own file picker.
Public Sub ArxlBank()
    Dim files As String
    If InLibreOffice() Then
        RunInLibreOffice "bank", ""
        Exit Sub
    End If
    files = AskStatements()
    If files <> "" Then RunButton "bank", files
End Sub

' The month of the report: asked, the previous month proposed (ARXL_REPORT_MONTH, when set,
' answers for unattended runs).
Private Function AskMonth() As String
    Dim answer As String
    Dim d As Date
    answer = Environ("ARXL_REPORT_MONTH")
    If answer = "" Then
        d = DateSerial(Year(Date), Month(Date), 0)
        answer = InputBox("Mois du rapport (AAAA-MM) / Month of the report (YYYY-MM) :", _
            "arxl", Year(d) & "-" & Right("0" & Month(d), 2))
    End If
    AskMonth = Trim(answer)
End Function

' The statement files, one a line ("" when none was chosen). ARXL_BANK_STATEMENTS, when set,
' answers for unattended runs: paths separated by ; (: on macOS).
Private Function AskStatements() As String
    Dim picked As Variant
    Dim i As Long
    Dim sep As String
    If IsMac() Then sep = ":" Else sep = ";"
    AskStatements = Replace(Environ("ARXL_BANK_STATEMENTS"), sep, vbLf)
    If AskStatements <> "" Then Exit Function
    picked = Application.GetOpenFilename("Releves bancaires / Bank statements " & _
        "(*.xml;*.csv;*.ofx;*.qfx;*.sta;*.mt940;*.txt;*.xlsx;*.xls)," & _
        "*.xml;*.csv;*.ofx;*.qfx;*.sta;*.mt940;*.txt;*.xlsx;*.xls," & _
        "Tous les fichiers / All files (*.*),*.*", 1, _
        "Releves bancaires / Bank statements", , True)
    If Not IsArray(picked) Then Exit Function
    For i = LBound(picked) To UBound(picked)
        If i > LBound(picked) Then AskStatements = AskStatements & vbLf
        AskStatements = AskStatements & picked(i)
    Next i
End Function

' reportMonth: the month of the report, or the bank statements (one a line) for "bank".
Private Sub RunButton(ByVal action As String, ByVal reportMonth As String)
    If InLibreOffice() Then
        RunInLibreOffice action, reportMonth
        Exit Sub
    End If
    Dim python As String
    Dim work As String
    Dim resultFile As String
    Dim keepSheet As String
    Dim keepRange As String
    Dim sentCopy As String
    If ThisWorkbook.Path = "" Then
        MsgBox "Enregistrez d'abord ce classeur (Fichier > Enregistrer sous, format .xlsm)." & _
            vbCrLf & "Save this workbook first (File > Save As, .xlsm format).", _
            vbInformation, "arxl"
        Exit Sub
    End If
    If ThisWorkbook.ReadOnly Then
        MsgBox "Ce classeur est en lecture seule : arxl ne peut pas l'enregistrer." & vbCrLf & _
            "This workbook is read-only: arxl cannot save it.", vbExclamation, "arxl"
        Exit Sub
    End If
    python = ConfigValue("python")
    If python = "" Then
        MsgBox "arxl est introuvable sur ce PC / arxl cannot be found on this computer." & _
            vbCrLf & vbCrLf & SETUP_HELP, vbExclamation, "arxl"
        Exit Sub
    End If
    On Error GoTo Failed
    keepSheet = ActiveSheet.Name
    If TypeName(Selection) = "Range" Then keepRange = Selection.Address
    Application.StatusBar = "arxl - enregistrement / saving..."
    ThisWorkbook.Save
    work = WorkFolder()
    resultFile = work & Application.PathSeparator & "result.txt"
    Application.StatusBar = "arxl - calcul / computing..."
    If action = "bank" Then
        RunAndRead python, action, work, resultFile, "--statement", reportMonth
    ElseIf reportMonth <> "" Then
        RunAndRead python, action, work, resultFile, "--month", reportMonth
    Else
        RunAndRead python, action, work, resultFile, "", ""
    End If
    If ResultValue("confirm") <> "" Then
        Application.StatusBar = False
        If MsgBox(ResultValue("confirm"), vbYesNo + vbQuestion + vbDefaultButton2, "arxl") _
            <> vbYes Then Exit Sub
        Application.StatusBar = "arxl - envoi / sending..."
        RunAndRead python, ResultValue("then"), work, resultFile, "--plan", ResultValue("plan")
        sentCopy = ResultValue("copy")
    End If
    If ResultValue("copy") <> "" Then
        Application.StatusBar = "arxl - copie des feuilles / copying the sheets..."
        ReplaceSheets ResultValue("copy")
    End If
    If ResultValue("activate") <> "" Then
        ThisWorkbook.Sheets(ResultValue("activate")).Activate
    Else
        ThisWorkbook.Sheets(keepSheet).Activate
        If keepRange <> "" Then ActiveSheet.Range(keepRange).Select
    End If
    Application.StatusBar = False
    If ResultValue("open") <> "" Then Workbooks.Open ResultValue("open")
    If action = "drafts" Then OpenFolder ResultValue("folder")
    If action = "remind-plan" Or action = "bank" Then
        MsgBox ResultValue("message"), vbInformation, "arxl"
    End If
    Exit Sub
Failed:
    Application.StatusBar = False
    Application.ScreenUpdating = True
    Application.DisplayAlerts = True
    If sentCopy <> "" Then
        MsgBox "arxl : " & Err.Description & vbCrLf & vbCrLf & "Les relances sont parties ; " & _
            "leur journal est dans / The reminders went; their log is in:" & vbCrLf & sentCopy, _
            vbExclamation, "arxl"
    Else
        MsgBox "arxl : " & Err.Description, vbExclamation, "arxl"
    End If
End Sub

' Run arxl on this workbook as saved and read its answer; an error when it could not run or
' did not succeed. optName/optValue: one more option ("--month", "--plan") or ""; optValue may
' hold several values, one a line, each given after optName ("--statement").
Private Sub RunAndRead(ByVal python As String, ByVal action As String, ByVal work As String, _
        ByVal resultFile As String, ByVal optName As String, ByVal optValue As String)
    Dim ran As String
    If Dir(resultFile) <> "" Then Kill resultFile
    ran = RunArxl(python, action, ThisWorkbook.FullName, work, resultFile, optName, optValue)
    If Dir(resultFile) = "" Then
        Err.Raise vbObjectError + 1, "arxl", "arxl n'a pas pu etre lance / arxl could not run: " _
            & ran & vbCrLf & vbCrLf & SETUP_HELP
    End If
    ReadResult resultFile
    If ResultValue("status") <> "ok" Then Err.Raise vbObjectError + 2, "arxl", ResultValue("message")
End Sub

' Run arxl and wait; what went wrong when it could not be started ("" when it ran).
Private Function RunArxl(ByVal python As String, ByVal action As String, ByVal book As String, _
        ByVal work As String, ByVal resultFile As String, ByVal optName As String, _
        ByVal optValue As String) As String
    Dim args As Variant
    Dim values() As String
    Dim i As Long
    Dim cmd As String
    args = Array("excel", "run", action, book, "--work", work, "--result", resultFile)
    If optName <> "" Then
        values = Split(optValue, vbLf)
        For i = 0 To UBound(values)
            ReDim Preserve args(UBound(args) + 2)
            args(UBound(args) - 1) = optName
            args(UBound(args)) = values(i)
        Next i
    End If
    If IsMac() Then
        RunArxl = MacRun(Join(args, vbLf))
        Exit Function
    End If
    cmd = Quoted(python) & " -m arxl"
    For i = 0 To UBound(args)
        cmd = cmd & " " & Quoted(CStr(args(i)))
    Next i
    On Error GoTo NotStarted
    CreateObject("WScript.Shell").Run cmd, 0, True
    Exit Function
NotStarted:
    RunArxl = Err.Description
End Function

Private Function Quoted(ByVal s As String) As String
    Quoted = """" & s & """"
End Function

' Copy each planned sheet of the copy in before the one it replaces (else last) under a
' temporary name, then remove the old ones and rename the new ones. A failure while copying
' removes what was copied: the workbook is as it was.
Private Sub ReplaceSheets(ByVal copyPath As String)
    Dim src As Workbook
    Dim added() As String
    Dim i As Long
    Dim position As Long
    Dim done As Long
    Dim reason As String
    If sheetCount = 0 Then Exit Sub
    ReDim added(1 To sheetCount)
    Application.ScreenUpdating = False
    Application.DisplayAlerts = False
    Set src = Workbooks.Open(copyPath, 0, True)
    On Error GoTo Undo
    For i = 1 To sheetCount
        If oldNames(i) <> "" Then
            position = ThisWorkbook.Sheets(oldNames(i)).Index
            src.Sheets(sheetNames(i)).Copy Before:=ThisWorkbook.Sheets(position)
        Else
            position = ThisWorkbook.Sheets.Count + 1
            src.Sheets(sheetNames(i)).Copy After:=ThisWorkbook.Sheets(ThisWorkbook.Sheets.Count)
        End If
        ThisWorkbook.Sheets(position).Name = FreeName("arxl-" & i)
        added(i) = ThisWorkbook.Sheets(position).Name
        done = i
    Next i
    On Error GoTo 0
    src.Close False
    For i = 1 To sheetCount
        If oldNames(i) <> "" Then ThisWorkbook.Sheets(oldNames(i)).Delete
    Next i
    For i = 1 To sheetCount
        ThisWorkbook.Sheets(added(i)).Name = sheetNames(i)
    Next i
    RepointPivots
    Application.DisplayAlerts = True
    Application.ScreenUpdating = True
    Exit Sub
Undo:
    reason = Err.Description
    For i = 1 To done
        ThisWorkbook.Sheets(added(i)).Delete
    Next i
    src.Close False
    Application.DisplayAlerts = True
    Application.ScreenUpdating = True
    Err.Raise vbObjectError + 3, "arxl", "copie des feuilles / copying the sheets: " & reason
End Sub

' A PivotTable copied from arxl's copy still reads that file: point it at this workbook's sheet
' of the same name ('C:\...\[arxl-book.xlsm]Suivi'!R1C1:R9C9 -> 'Suivi'!R1C1:R9C9). Written
' from Excel's documentation (PivotTable.SourceData), not run here; a failure leaves the pivot
' as copied, its cells right.
Private Sub RepointPivots()
    Dim i As Long
    Dim pt As Object
    Dim src As String
    Dim rest As String
    On Error Resume Next
    For i = 1 To sheetCount
        For Each pt In ThisWorkbook.Sheets(sheetNames(i)).PivotTables
            src = pt.SourceData
            If InStr(src, "]") > 0 Then
                rest = Mid(src, InStr(src, "]") + 1)
                pt.SourceData = "'" & Replace(Left(rest, InStr(rest, "!") - 1), "'", "") & _
                    "'!" & Mid(rest, InStr(rest, "!") + 1)
            End If
        Next pt
    Next i
End Sub

Private Function FreeName(ByVal stem As String) As String
    Dim n As Long
    FreeName = stem
    Do While SheetExists(FreeName)
        n = n + 1
        FreeName = stem & "-" & n
    Loop
End Function

Private Function SheetExists(ByVal sheetName As String) As Boolean
    Dim sh As Object
    For Each sh In ThisWorkbook.Sheets
        If StrComp(sh.Name, sheetName, vbTextCompare) = 0 Then SheetExists = True
    Next sh
End Function

' The result file of `arxl excel run`: ASCII lines key<TAB>value, non-ASCII as \uXXXX.
Private Sub ReadResult(ByVal filePath As String)
    Dim lines() As String
    Dim fields() As String
    Dim i As Long
    sheetCount = 0
    ReDim sheetNames(1 To 1)
    ReDim oldNames(1 To 1)
    resultKeys = ""
    lines = Split(Replace(ReadText(filePath), vbCr, ""), vbLf)
    For i = 1 To UBound(lines)
        fields = Split(lines(i), vbTab)
        If UBound(fields) >= 1 Then
            If fields(0) = "sheet" Then
                sheetCount = sheetCount + 1
                ReDim Preserve sheetNames(1 To sheetCount)
                ReDim Preserve oldNames(1 To sheetCount)
                sheetNames(sheetCount) = Unescape(fields(1))
                If UBound(fields) >= 2 Then oldNames(sheetCount) = Unescape(fields(2))
            Else
                resultKeys = resultKeys & vbLf & fields(0) & vbTab & Unescape(fields(1))
            End If
        End If
    Next i
End Sub

Private Function ResultValue(ByVal key As String) As String
    Dim lines() As String
    Dim i As Long
    lines = Split(resultKeys, vbLf)
    For i = 0 To UBound(lines)
        If Left(lines(i), Len(key) + 1) = key & vbTab Then
            ResultValue = Mid(lines(i), Len(key) + 2)
            Exit Function
        End If
    Next i
End Function

Private Function Unescape(ByVal s As String) As String
    Dim i As Long
    i = InStr(s, "\u")
    Do While i > 0
        s = Left(s, i - 1) & ChrW(CLng("&H" & Mid(s, i + 2, 4))) & Mid(s, i + 6)
        i = InStr(i + 1, s, "\u")
    Loop
    Unescape = s
End Function

Private Function ReadText(ByVal filePath As String) As String
    Dim f As Integer
    f = FreeFile
    Open filePath For Input As #f
    ReadText = Input(LOF(f), f)
    Close #f
End Function

' A value of the per-user file `arxl excel setup` writes ("" when it is missing).
Private Function ConfigValue(ByVal key As String) As String
    Dim filePath As String
    Dim lines() As String
    Dim i As Long
    If IsMac() Then
        filePath = Environ("HOME") & "/Library/Application Support/arxl/" & CONFIG_FILE
    Else
        filePath = Environ("APPDATA") & "\arxl\" & CONFIG_FILE
    End If
    If Dir(filePath) = "" Then Exit Function
    lines = Split(Replace(ReadText(filePath), vbCr, ""), vbLf)
    For i = 0 To UBound(lines)
        If Left(lines(i), Len(key) + 1) = key & vbTab Then
            ConfigValue = Unescape(Mid(lines(i), Len(key) + 2))
        End If
    Next i
End Function

' A folder Excel may use without asking: %TEMP% on Windows, the sandbox's TMPDIR on macOS.
Private Function WorkFolder() As String
    Dim tempRoot As String
    If IsMac() Then tempRoot = Environ("TMPDIR") Else tempRoot = Environ("TEMP")
    If Right(tempRoot, 1) = Application.PathSeparator Then tempRoot = Left(tempRoot, Len(tempRoot) - 1)
    WorkFolder = tempRoot & Application.PathSeparator & "arxl"
    If Dir(WorkFolder, vbDirectory) = "" Then MkDir WorkFolder
End Function

Private Sub OpenFolder(ByVal folder As String)
    If IsMac() Then
        ThisWorkbook.FollowHyperlink "file://" & folder
    Else
        Shell "explorer.exe """ & folder & """", vbNormalFocus
    End If
End Sub

Private Function IsMac() As Boolean
    IsMac = InStr(Application.OperatingSystem, "Mac") > 0
End Function

' LibreOffice runs this VBA too; there ThisComponent is the document (in Excel an empty
' Variant) and the Python macro does the work with LibreOffice's own calls.
Private Function InLibreOffice() As Boolean
    On Error Resume Next
    InLibreOffice = IsObject(ThisComponent)
End Function

Private Sub RunInLibreOffice(ByVal action As String, ByVal reportMonth As String)
    Dim script As Object
    Dim outcome As Variant
    On Error GoTo NotInstalled
    Set script = ThisComponent.getScriptProvider().getScript(LO_SCRIPT)
    On Error GoTo 0
    outcome = script.invoke(Array(ThisComponent, action, reportMonth), Array(), Array())
    Exit Sub
NotInstalled:
    MsgBox "La macro LibreOffice d'arxl n'est pas installee / arxl's LibreOffice macro is not " & _
        "installed:" & vbCrLf & vbCrLf & "pip install arxl  puis / then  " & _
        "arxl excel setup --libreoffice" & vbCrLf & vbCrLf & _
        "(ou le Python de LibreOffice ne demarre pas : lancez LibreOffice hors d'un virtualenv" & _
        " / or LibreOffice's Python does not start: start LibreOffice outside a virtualenv)", _
        vbExclamation, "arxl"
End Sub
