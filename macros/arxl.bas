Attribute VB_Name = "arxl"
' arxl: the macros behind the buttons of the Accueil (Home) sheet.
'
' Each button saves the workbook, then runs arxl (Python) on it through xlwings' RunPython:
' arxl reads the saved file, computes, and replaces its own sheets (Suivi, Balance agee,
' Relances, Anomalies) in this open workbook. Nothing here changes cells by itself.
'
' Source of truth: macros/arxl.bas in the arxl repository; the workbook's VBA project is built
' from this file (workbook_templates/build.py). One-time setup on the PC: `arxl excel setup`.
Option Explicit

Private Const ADDIN_NAME As String = "xlwings.xlam"
Private Const SETUP_HELP As String = "pip install ""arxl[excel]""  puis / then  arxl excel setup"

Public Sub ArxlRefresh()
    RunArxl "refresh"
End Sub

Public Sub ArxlReminders()
    RunArxl "reminders"
End Sub

Public Sub ArxlReport()
    RunArxl "report"
End Sub

' Save, then hand over to Python. arxl shows its own messages (status bar, message box).
Private Sub RunArxl(ByVal action As String)
    If Not SaveBook() Then Exit Sub
    Dim pyCode As String
    pyCode = "import importlib.util as u, xlwings as xw; " & _
        "__import__('arxl.excel').excel.run('" & action & "') if u.find_spec('arxl') " & _
        "else xw.Book.caller().app.alert('arxl manque dans ce Python / arxl is not installed " & _
        "in this Python: pip install arxl[excel]', 'arxl')"
    Dim macro As String
    macro = RunPythonMacro()
    On Error GoTo NoPython
    Application.Run macro, pyCode
    Exit Sub
NoPython:
    MsgBox "Python et xlwings sont introuvables depuis Excel." & vbCrLf & _
        "Python and xlwings cannot be reached from Excel." & vbCrLf & vbCrLf & _
        SETUP_HELP & vbCrLf & "(" & Err.Description & ")", vbExclamation, "arxl"
End Sub

' The xlwings add-in when it is loaded, else the standalone xlwings module of this workbook.
Private Function RunPythonMacro() As String
    Dim xlw As Workbook
    On Error Resume Next
    Set xlw = Workbooks(ADDIN_NAME)
    On Error GoTo 0
    If xlw Is Nothing Then
        RunPythonMacro = "RunPython"
    Else
        RunPythonMacro = "'" & ADDIN_NAME & "'!RunPython"
    End If
End Function

' arxl reads the file on disk: save it first (and say why when that is not possible).
Private Function SaveBook() As Boolean
    If ThisWorkbook.Path = "" Then
        MsgBox "Enregistrez d'abord ce classeur (Fichier > Enregistrer sous, format .xlsm)." & _
            vbCrLf & "Save this workbook first (File > Save As, .xlsm format).", _
            vbInformation, "arxl"
        Exit Function
    End If
    If ThisWorkbook.ReadOnly Then
        MsgBox "Ce classeur est en lecture seule : arxl ne peut pas l'enregistrer." & vbCrLf & _
            "This workbook is read-only: arxl cannot save it.", vbExclamation, "arxl"
        Exit Function
    End If
    On Error GoTo Failed
    Application.StatusBar = "arxl..."
    ThisWorkbook.Save
    SaveBook = True
    Exit Function
Failed:
    Application.StatusBar = False
    MsgBox "Enregistrement impossible / cannot save: " & Err.Description, vbExclamation, "arxl"
End Function
