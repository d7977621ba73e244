"""comisionbot: answers staff questions about the CVOE's sessions, acuerdos, attendance and convenios."""
