from arxl.cli import main

main()
