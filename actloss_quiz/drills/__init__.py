"""Numeric drills: exercise templates, generation, grading and the drill loop.

- `templates.py`: the template table (generators and worked solutions built on the engine),
  selection and generation (numpy);
- `grading.py`: parsing a typed number and the tolerance rule (no numpy);
- `runner.py`: the loop over an injected prompt and clock, storing each answer as it is given.

`actloss_quiz.render.drill` draws what the loop shows; `actloss_quiz.stats` groups the results.
"""

DEFAULT_COUNT = 10  # exercises in a drill
