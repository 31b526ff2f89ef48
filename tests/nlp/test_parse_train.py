"""Training the parser twice with the same seed writes the same model bytes (slow: two trainings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.nlp.parse.trainer import TrainOptions, train_parser


@pytest.mark.slow
def test_training_is_byte_reproducible(shared_dir: Path, tmp_path: Path) -> None:
    data = shared_dir / "data" / "ud_german"
    opt = TrainOptions(arc_epochs=3, arc2_epochs=2, label_epochs=2, morph_epochs=2, jackknife=2)
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    train_parser(data_dir=data, out=a, options=opt, evaluate_test=False)
    train_parser(data_dir=data, out=b, options=opt, evaluate_test=False)
    assert a.read_bytes() == b.read_bytes()
