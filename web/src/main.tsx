import { render } from "preact";
import { App } from "./app";
import { loadMessages } from "./messages";
import { refreshSession } from "./session";
import "./styles.css";

void loadMessages();
void refreshSession();
render(<App />, document.getElementById("app")!);
