from arxl.cli import run

run()
