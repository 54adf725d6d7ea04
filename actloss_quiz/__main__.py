from actloss_quiz.cli import main

main()
