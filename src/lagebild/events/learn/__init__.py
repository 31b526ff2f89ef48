"""The learned event coder: trigger candidates, features, linear models, calibration, training."""
