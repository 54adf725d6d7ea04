from actloss_quiz.entry import main

main()
