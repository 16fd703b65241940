Attribute VB_Name = "arxlMac"
' arxl on macOS: Excel's sandbox lets a macro run only the AppleScripts of its own scripts
' folder (~/Library/Application Scripts/com.microsoft.Excel), so arxl runs through the arxl.scpt
' `arxl excel setup` installs there, which quotes each argument and waits for arxl.
'
' A module of its own: AppleScriptTask exists only in Excel for Mac (hence #If Mac), and
' LibreOffice Basic cannot compile #If; neither host compiles a module it never calls.
Option Explicit

' arxl's arguments, one a line; "" when arxl ran, else what went wrong.
Public Function MacRun(ByVal params As String) As String
#If Mac Then
    Dim answer As String
    On Error GoTo NoScript
    answer = AppleScriptTask("arxl.scpt", "runArxl", params)
    If answer <> "ok" Then MacRun = answer
    Exit Function
NoScript:
    MacRun = "arxl.scpt: " & Err.Description
#Else
    MacRun = "AppleScriptTask: macOS only"
#End If
End Function
