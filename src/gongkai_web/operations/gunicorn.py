"""The gunicorn application of `gongkai serve`, configured from the command's options."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class GongkaiApplication(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            # control_socket_disable exists from gunicorn 24 on.
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from gongkai_web.wsgi import application

        return application
